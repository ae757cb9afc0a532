import { useMemo } from 'react';
import { SENSOR_KIND_LABELS, SENSOR_KINDS, type SensorSummary } from '../../common/domain/sensors.ts';
import { formatPercent, label } from '../shared/i18n.ts';
import { RankedBars } from './RankedBars.tsx';
import { WALL_COLOURS } from './theme.ts';

/** Online shares below these read as attention (yellow) and warning (orange); above, normal. */
const ATTENTION_BELOW = 0.95;
const WARNING_BELOW = 0.85;

const colourOfRate = (rate: number) => (rate < WARNING_BELOW ? WALL_COLOURS.warning : rate < ATTENTION_BELOW ? WALL_COLOURS.attention : WALL_COLOURS.normal);

/** 设备在线率: each kind's share of devices heard within 2.5 heartbeats, worst on top. */
export function DeviceOnline({ summary }: { summary: SensorSummary | null }) {
  const rows = useMemo(
    () =>
      summary
        ? SENSOR_KINDS.filter((k) => summary.byKind[k]?.total)
            .map((k) => {
              const rate = summary.byKind[k].online / summary.byKind[k].total;
              return { name: label(SENSOR_KIND_LABELS[k]), value: rate, colour: colourOfRate(rate) };
            })
            .sort((a, b) => a.value - b.value)
        : [],
    [summary],
  );
  return <RankedBars rows={rows} testId="device-online" sort={false} format={formatPercent} max={1} />;
}
