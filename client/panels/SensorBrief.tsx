import { useMemo } from 'react';
import { IOT_KINDS, levelRank, type AlarmView, type SensorSummary, type WaterPointView } from '../../common/domain/sensors.ts';
import { formatInt, t } from '../shared/i18n.ts';
import { WaterTop } from './WaterTop.tsx';

const WATER_ROWS = 3;

/**
 * In routine mode a compact look at the sensing: how many water points are on alert, how many
 * devices alarm, and the three deepest points — enough to notice rain coming before a switch.
 */
export function SensorBrief({ water, alarms, summary, onPick }: { water: readonly WaterPointView[]; alarms: readonly AlarmView[]; summary: SensorSummary | null; onPick: (id: string) => void }) {
  const waterAlerts = useMemo(() => water.filter((p) => levelRank(p.level) > 0).length, [water]);
  // The summary counts every device in alarm; the list the wall holds is bounded.
  const alarming = summary ? IOT_KINDS.reduce((sum, k) => sum + (summary.byKind[k]?.alarming ?? 0), 0) : alarms.length;
  return (
    <div className="sensor-brief" data-testid="sensor-brief">
      <dl className="sensor-brief__figures">
        <div className={waterAlerts > 0 ? 'is-alerting' : ''} data-figure="waterAlerts">
          <dt>{t('waterAlerts')}</dt>
          <dd>{formatInt(waterAlerts)}</dd>
        </div>
        <div className={alarming > 0 ? 'is-alerting' : ''} data-figure="alarming">
          <dt>{t('alarmsNow')}</dt>
          <dd>{formatInt(alarming)}</dd>
        </div>
      </dl>
      <WaterTop water={water} rows={WATER_ROWS} onPick={onPick} />
    </div>
  );
}
