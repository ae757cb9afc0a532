import { useMemo } from 'react';
import { EVENT_CHANNEL_LABELS, EVENT_CHANNELS } from '../../common/domain/events.ts';
import type { TodayStats } from '../../common/domain/stats.ts';
import { label } from '../shared/i18n.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

/** Shades of the one accent: channels are information, not alarms. */
const SHADES = ['#39d5ff', '#1fb4e0', '#1692bf', '#12739b', '#7fe3ff', '#a9ecff', '#0e5a7a', '#5fc9e8', '#2a86a8'];

/** Ring: where today's events came from (一网受理). */
export function ChannelPanel({ stats }: { stats: TodayStats }) {
  const option = useMemo(
    () => ({
      animation: false,
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          data: EVENT_CHANNELS.filter((c) => stats.byChannel[c]).map((c, i) => ({ name: label(EVENT_CHANNEL_LABELS[c]), value: stats.byChannel[c], itemStyle: { color: SHADES[i % SHADES.length] } })),
          label: { color: WALL_COLOURS.text, fontSize: WALL_FONT_PX.axis - 2, formatter: '{b} {d}%' },
          labelLine: { lineStyle: { color: WALL_COLOURS.textMuted } },
        },
      ],
    }),
    [stats.byChannel],
  );
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="channels" />;
}
