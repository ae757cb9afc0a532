import { useMemo } from 'react';
import type { TodayStats } from '../../common/domain/stats.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { highlightedHour } from './trendHour.ts';
import { useEChart } from './useEChart.ts';

const HOURS = Array.from({ length: 24 }, (_, h) => `${h}`);

/** Events received per hour of today, the city's current hour highlighted (highlightedHour). */
export function HourlyTrendPanel({ stats, domainTimeMs }: { stats: TodayStats; domainTimeMs: number }) {
  const currentHour = highlightedHour(stats, domainTimeMs);
  const option = useMemo(() => {
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
  }, [stats.byHour, currentHour]);
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="hourly-trend" />;
}
