import { type AlarmView, SENSOR_KIND_LABELS } from '../../common/domain/sensors.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { formatClock, label, t } from '../shared/i18n.ts';
import { LevelCell } from './LevelCell.tsx';

const ROWS = 10;

/** 物联告警: the newest devices in alarm — since when · kind · district · level. */
export function AlarmList({ alarms, geo }: { alarms: readonly AlarmView[]; geo: GeoSummary | null }) {
  const districtName = (code: string) => geo?.byDistrict.find((d) => d.code === code)?.shortName ?? code;
  return (
    <>
      {alarms.length === 0 && <p className="list-empty">{t('noIotAlarms')}</p>}
      <table className="wall-table sensor-table" data-testid="alarm-list">
        <tbody>
          {alarms.slice(0, ROWS).map((a) => (
            <tr key={a.sensorId} data-sensor-id={a.sensorId} data-level={a.level}>
              <td>{formatClock(a.sinceMs)}</td>
              <td>{label(SENSOR_KIND_LABELS[a.kind])}</td>
              <td>{districtName(a.districtCode)}</td>
              <LevelCell level={a.level} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
