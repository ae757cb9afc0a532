import type { GeoSummary } from '../../common/domain/geo.ts';
import type { DispatchStatusRow, TodayStats } from '../../common/domain/stats.ts';
import { departmentName } from '../shared/cityServices.ts';
import { formatDuration, formatInt, formatPercent, t } from '../shared/i18n.ts';

/** Rows per table: the departments and districts holding the most. */
const ROWS = 5;
/** A department's name without its bracketed detail ("市政设施事务中心（排水）"): the table is narrow. */
const shortName = (code: string) => departmentName(code).replace(/（.*）/, '');

/**
 * 派遣处置态势: who holds the city's work — per department and per district, the backlog, today's
 * mean 签收 time, the share resolved on time, whistles outstanding and returns. "—" where there
 * is nothing yet to measure.
 */
export function DispatchStatusPanel({ stats, geo }: { stats: TodayStats; geo: GeoSummary | null }) {
  const districtName = (code: string) => geo?.byDistrict.find((d) => d.code === code)?.shortName ?? code;
  return (
    <div className="dispatch-status" data-testid="dispatch-status">
      <StatusTable rows={stats.dispatch.byDepartment.slice(0, ROWS)} name={shortName} heading={t('departments')} kind="department" />
      <StatusTable rows={stats.dispatch.byDistrict.slice(0, ROWS)} name={districtName} heading={t('district')} kind="district" />
    </div>
  );
}

function StatusTable({ rows, name, heading, kind }: { rows: DispatchStatusRow[]; name: (code: string) => string; heading: string; kind: string }) {
  return (
    <table className="wall-table dispatch-status__table">
      <thead>
        <tr>
          <th>{heading}</th>
          <th>{t('dispatchBacklog')}</th>
          <th>{t('signInMean')}</th>
          <th>{t('dispatchOnTime')}</th>
          <th>{t('dispatchWhistles')}</th>
          <th>{t('dispatchReturns')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} data-testid={`dispatch-${kind}`} data-code={r.code} data-backlog={r.backlog}>
            <td>{name(r.code)}</td>
            <td>{formatInt(r.backlog)}</td>
            <td>{r.signInMeanMs === null ? '—' : formatDuration(r.signInMeanMs)}</td>
            <td>{r.onTimeRate === null ? '—' : formatPercent(r.onTimeRate)}</td>
            <td className={r.whistlesOutstanding ? 'dispatch-status__alert' : ''}>{formatInt(r.whistlesOutstanding)}</td>
            <td>{formatInt(r.returns)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
