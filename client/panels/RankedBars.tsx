import { useMemo } from 'react';
import { formatInt } from '../shared/i18n.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

export interface RankedRow {
  name: string;
  value: number;
  /** Optional second figure drawn inside the bar (e.g. still open). */
  inner?: number;
  /** The bar's own colour when it carries meaning (an online rate falling short); else the accent. */
  colour?: string;
}

/** Horizontal bars, largest on top, value at the end: categories, districts, lifecycle stages. */
export function RankedBars({
  rows,
  testId,
  innerColour = WALL_COLOURS.attention,
  sort = true,
  format = formatInt,
  max,
}: {
  rows: RankedRow[];
  testId: string;
  innerColour?: string;
  sort?: boolean;
  format?: (value: number) => string;
  /** A fixed end of the scale (1 for rates) rather than the largest row. */
  max?: number;
}) {
  const option = useMemo(() => {
    const ordered = sort ? [...rows].sort((a, b) => a.value - b.value) : [...rows].reverse();
    const hasInner = ordered.some((r) => r.inner !== undefined);
    return {
      animation: false,
      grid: { left: 8, right: 130, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: 'value', show: false, max },
      yAxis: { type: 'category', data: ordered.map((r) => r.name), axisLabel: { color: WALL_COLOURS.text, fontSize: WALL_FONT_PX.axis }, axisLine: { show: false }, axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          data: ordered.map((r) => ({ value: r.value, itemStyle: r.colour ? { color: r.colour } : undefined })),
          barWidth: '60%',
          barGap: '-100%',
          itemStyle: { color: WALL_COLOURS.accentSoft },
          label: { show: true, position: 'right', color: WALL_COLOURS.text, fontSize: WALL_FONT_PX.axis, formatter: (p: { value: number }) => format(p.value) },
        },
        ...(hasInner ? [{ type: 'bar', data: ordered.map((r) => r.inner ?? 0), barWidth: '60%', itemStyle: { color: innerColour } }] : []),
      ],
    };
  }, [rows, sort, innerColour, format, max]);
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid={testId} />;
}
