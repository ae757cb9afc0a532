import type { TodayStats } from '../../common/domain/stats.ts';
import { formatDuration, formatInt, formatPercent, type StringKey, t } from '../shared/i18n.ts';

/** The numbers a room reads first, large enough for 15 m: today's intake and how it is going. */
export function KpiCards({ stats }: { stats: TodayStats }) {
  const cards: [StringKey, string, string][] = [
    ['todayEvents', formatInt(stats.total), 'total'],
    ['openNow', formatInt(stats.open), 'open'],
    ['completionRate', formatPercent(stats.completionRate), 'completionRate'],
    // 满意率 reads — until a citizen has given a verdict: 100 % of nothing is not a figure.
    ['satisfactionRate', stats.satisfactionRate === null ? '—' : formatPercent(stats.satisfactionRate), 'satisfactionRate'],
    ['signInMean', formatDuration(stats.signIn.meanMs), 'signInMean'],
    ['escalatedNow', formatInt(stats.escalatedCount), 'escalated'],
  ];
  return (
    <dl className="kpis" data-testid="kpis">
      {cards.map(([label, value, key]) => (
        <div className={`kpi ${key === 'escalated' && stats.escalatedCount > 0 ? 'kpi--alarm' : ''}`} key={key} data-kpi={key}>
          <dt className="kpi__label">{t(label)}</dt>
          <dd className="kpi__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
