import { useMemo } from 'react';
import type { DepthTrend } from '../../common/socketCatalogue.ts';
import { formatClock } from '../shared/i18n.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

/** A waterlogging point's recent depths (cm), oldest on the left, Beijing clock on the axis. */
export function DepthTrendChart({ trend }: { trend: DepthTrend }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 80, right: 24, top: 24, bottom: 56 },
      xAxis: {
        type: 'category',
        data: trend.points.map(([atMs]) => formatClock(atMs).slice(0, 5)),
        axisLabel: { color: WALL_COLOURS.textMuted, fontSize: WALL_FONT_PX.axis - 4 },
        axisLine: { lineStyle: { color: WALL_COLOURS.gridLine } },
      },
      yAxis: {
        type: 'value',
        name: 'cm',
        min: 0,
        nameTextStyle: { color: WALL_COLOURS.textMuted, fontSize: WALL_FONT_PX.axis - 4 },
        axisLabel: { color: WALL_COLOURS.textMuted, fontSize: WALL_FONT_PX.axis - 4 },
        splitLine: { lineStyle: { color: WALL_COLOURS.gridLine } },
      },
      series: [{ type: 'line', data: trend.points.map(([, depthCm]) => depthCm), showSymbol: false, lineStyle: { color: WALL_COLOURS.info, width: 4 }, areaStyle: { color: WALL_COLOURS.accentSoft } }],
    }),
    [trend],
  );
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="depth-trend-chart" />;
}
