import { ALERT_LEVEL_LABELS, type AlertLevel } from '../../common/domain/sensors.ts';
import { label } from '../shared/i18n.ts';
import { alertCss } from './alertColours.ts';

/** A table cell naming an alert level (蓝色…红色) in its own colour. */
export function LevelCell({ level }: { level: AlertLevel }) {
  return (
    <td className="sensor-table__level" style={{ color: alertCss(level) }}>
      {label(ALERT_LEVEL_LABELS[level])}
    </td>
  );
}
