import { useMemo } from 'react';
import type { TodayStats } from '../../common/domain/stats.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

const HOURS = Array.from({ length: 24 }, (_, h) => `${h}`);

/** Events received per hour of today, the current hour highlighted. */
export function HourlyTrendPanel({ stats }: { stats: TodayStats }) {
  const option = useMemo(() => {
    const currentHour = new Date(stats.asOfMs + 8 * 3_600_000).getUTCHours();
    return {
      animation: false,
      grid: { left: 70, right: 16, top: 20, bottom: 48 },
      xAxis: { type: 'category', data: HOURS, axisLabel: { color: WALL_COLOURS.textMuted, fontSize: WALL_FONT_PX.axis - 4, interval: 2 }, axisLine: { lineStyle: { color: WALL_COLOURS.gridLine } } },
      yAxis: { type: 'value', axisLabel: { color: WALL_COLOURS.textMuted, fontSize: WALL_FONT_PX.axis - 4 }, splitLine: { lineStyle: { color: WALL_COLOURS.gridLine } } },
      series: [
        {
          type: 'bar',
          data: stats.byHour.map((value, hour) => ({ value, itemStyle: { color: hour === currentHour ? WALL_COLOURS.accent : WALL_COLOURS.accentSoft } })),
          barWidth: '70%',
        },
      ],
    };
  }, [stats.byHour, stats.asOfMs]);
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="hourly-trend" />;
}
