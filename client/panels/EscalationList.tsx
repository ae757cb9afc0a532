import type { GeoSummary } from '../../common/domain/geo.ts';
import type { TodayStats } from '../../common/domain/stats.ts';
import { formatClock, t } from '../shared/i18n.ts';
import { categoryLabel } from '../shared/cityServices.ts';

const LEVEL_KEYS = { street: 'levelStreet', district: 'levelDistrict', city: 'levelCity' } as const;

/** 街乡吹哨: open events past their deadline, newest first, at most ten rows. */
export function EscalationList({ stats, geo }: { stats: TodayStats; geo: GeoSummary }) {
  if (stats.escalated.length === 0) return <p className="list-empty">{t('noEscalations')}</p>;
  const districtName = (code: string) => geo.byDistrict.find((d) => d.code === code)?.shortName ?? code;
  return (
    <table className="wall-table" data-testid="escalations">
      <tbody>
        {stats.escalated.map((e) => (
          <tr key={e.id} className={`escalation escalation--${e.level}`}>
            <td>{formatClock(e.atMs)}</td>
            <td>{districtName(e.districtCode)}</td>
            <td>{categoryLabel(e.category)}</td>
            <td className="escalation__level">
              {t(LEVEL_KEYS[e.level])} · {t(e.reason === 'signIn' ? 'reasonSignIn' : 'reasonHandling')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
