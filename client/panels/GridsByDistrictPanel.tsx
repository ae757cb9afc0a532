import { useMemo } from 'react';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { formatInt, t } from '../shared/i18n.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

/** Horizontal bars: grids and exclusive grids per district, largest first. */
export function GridsByDistrictPanel({ summary }: { summary: GeoSummary }) {
  const option = useMemo(() => {
    const rows = [...summary.byDistrict].sort((a, b) => a.grids + a.exclusiveGrids - (b.grids + b.exclusiveGrids));
    return {
      animation: false,
      grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.shortName),
        axisLabel: { color: WALL_COLOURS.text, fontSize: WALL_FONT_PX.axis },
        axisLine: { lineStyle: { color: WALL_COLOURS.gridLine } },
        axisTick: { show: false },
      },
      series: [
        {
          name: t('grids'),
          type: 'bar',
          stack: 'g',
          data: rows.map((r) => r.grids),
          itemStyle: { color: WALL_COLOURS.accent },
          barWidth: '62%',
        },
        {
          name: t('exclusiveGrids'),
          type: 'bar',
          stack: 'g',
          data: rows.map((r) => r.exclusiveGrids),
          itemStyle: { color: WALL_COLOURS.accentSoft },
          label: {
            show: true,
            position: 'right',
            color: WALL_COLOURS.text,
            fontSize: WALL_FONT_PX.axis,
            fontFamily: 'inherit',
            formatter: (p: { dataIndex: number }) => formatInt(rows[p.dataIndex]!.grids + rows[p.dataIndex]!.exclusiveGrids),
          },
        },
      ],
    };
  }, [summary]);
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="grids-by-district" />;
}
