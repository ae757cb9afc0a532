import type { WorkersOnDuty } from '../../common/domain/field.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { TodayStats } from '../../common/domain/stats.ts';
import { formatInt, t } from '../shared/i18n.ts';

/** Districts listed: the busiest by workers on duty and reports. */
const ROWS = 6;

/** 网格力量在岗: workers on duty now, patrol reports and verifications today, in all and by district. */
export function FieldForcePanel({ workers, stats, geo }: { workers: WorkersOnDuty; stats: TodayStats; geo: GeoSummary | null }) {
  const codes = new Set([...Object.keys(workers.byDistrict), ...Object.keys(stats.field.byDistrict)]);
  const rows = [...codes]
    .map((code) => ({ code, onDuty: workers.byDistrict[code] ?? 0, reports: stats.field.byDistrict[code]?.reports ?? 0, verified: stats.field.byDistrict[code]?.verified ?? 0 }))
    .sort((a, b) => b.onDuty - a.onDuty || b.reports - a.reports)
    .slice(0, ROWS);
  const name = (code: string) => geo?.byDistrict.find((d) => d.code === code)?.shortName ?? code;
  return (
    <div className="field-force" data-testid="field-force" data-on-duty={workers.onDuty} data-reports={stats.field.reports} data-verified={stats.field.verified}>
      <dl className="field-force__totals">
        <div>
          <dt>{t('fieldOnDuty')}</dt>
          <dd>{formatInt(workers.onDuty)}</dd>
        </div>
        <div>
          <dt>{t('fieldReports')}</dt>
          <dd>{formatInt(stats.field.reports)}</dd>
        </div>
        <div>
          <dt>{t('fieldVerified')}</dt>
          <dd>{formatInt(stats.field.verified)}</dd>
        </div>
      </dl>
      <table className="wall-table dispatch-status__table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-testid="field-district" data-code={r.code}>
              <td>{name(r.code)}</td>
              <td>{formatInt(r.onDuty)}</td>
              <td>{formatInt(r.reports)}</td>
              <td>{formatInt(r.verified)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
