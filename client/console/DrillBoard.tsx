import { useEffect, useState } from 'react';
import { CSV_BOM, csvLine } from '../../common/csv.ts';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { formatClock, t } from '../shared/i18n.ts';

type UnitScore = { code: string; name: string; targeted: number; delivered: number; confirmed: number; p50Ms: number | null; p90Ms: number | null; p100Ms: number | null; within10s: number };
interface Drill {
  broadcast: Broadcast;
  districts: UnitScore[];
  streets: UnitScore[];
  grids: UnitScore[];
  trend: UnitScore[];
  neverConfirmedTotal: number;
  neverConfirmed: { id: string; name: string; gridCode: string; delivered: boolean; leader: { id: string; name: string } | null }[];
}

const LEVELS = ['districts', 'streets', 'grids'] as const;
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The score card as CSV (UTF-8 with a BOM, for spreadsheets): every unit of every level, names never read as formulas. */
function drillCsv(drill: Drill): string {
  let csv = `${CSV_BOM}${csvLine(['level', 'code', 'name', 'targeted', 'delivered', 'confirmed', 'p50Ms', 'p90Ms', 'p100Ms', 'within10s'])}`;
  for (const level of LEVELS) for (const u of drill[level]) csv += csvLine([level, u.code, u.name, u.targeted, u.delivered, u.confirmed, u.p50Ms, u.p90Ms, u.p100Ms, +u.within10s.toFixed(3)]);
  return csv;
}

/**
 * 演练评估 (/console#drills): an exercise broadcast's score card from the server (GET /api/drills/:id) —
 * per district, street and grid, ranked, against the 10-second line — and who never confirmed with
 * their grid's leader; exported as CSV or printed.
 */
export function DrillBoard() {
  const [exercises, setExercises] = useState<Broadcast[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('districts');
  const [drill, setDrill] = useState<Drill | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    consoleApi<{ broadcasts: Broadcast[] }>('GET', '/api/broadcasts').then(
      (r) => setExercises(r.broadcasts.filter((b) => b.content.exercise)),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(() => {
    if (!selected) return;
    setDrill(null);
    consoleApi<Drill>('GET', `/api/drills/${selected}`).then(
      (d) => (setDrill(d), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [selected]);
  const exportCsv = () => {
    if (!drill) return;
    const url = URL.createObjectURL(new Blob([drillCsv(drill)], { type: 'text/csv;charset=utf-8' }));
    Object.assign(document.createElement('a'), { href: url, download: `drill-${drill.broadcast.id}.csv` }).click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="drill-board" data-testid="drill-board">
      <h2>{t('drillTitle')}</h2>
      {exercises.length === 0 ? (
        <p>{t('drillNone')}</p>
      ) : (
        <ul className="broadcast-history">
          {exercises.map((b) => (
            <li key={b.id} className={b.id === selected ? 'is-selected' : ''}>
              <button type="button" data-testid="drill-pick" onClick={() => setSelected(b.id)}>
                {formatClock(b.sentAtMs)} · {b.content.title} · {b.targeted}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="path-error">{error}</p>}
      {drill && (
        <>
          <div className="broadcast-actions">
            {LEVELS.map((l) => (
              <button type="button" key={l} aria-pressed={level === l} onClick={() => setLevel(l)}>
                {t(`drill_${l}`)}
              </button>
            ))}
            <button type="button" data-testid="drill-csv" onClick={exportCsv}>
              {t('drillCsv')}
            </button>
            <button type="button" onClick={() => window.print()}>
              {t('drillPrint')}
            </button>
          </div>
          <table className="reach-districts" data-testid="drill-scores">
            <thead>
              <tr>
                <th>#</th>
                <th>{t(`drill_${level}`)}</th>
                <th>{t('drillDelivered')}</th>
                <th>{t('drillConfirmed')}</th>
                <th>50%</th>
                <th>90%</th>
                <th>100%</th>
                <th>{t('drillWithin10s')}</th>
              </tr>
            </thead>
            <tbody>
              {drill[level].map((u, rank) => (
                <tr key={u.code} data-code={u.code} className={u.p100Ms !== null && u.p100Ms <= 10_000 ? '' : 'drill-late'}>
                  <td>{rank + 1}</td>
                  <td>{u.name}</td>
                  <td>{percent(u.delivered / u.targeted)}</td>
                  <td>{percent(u.confirmed / u.targeted)}</td>
                  <td>{seconds(u.p50Ms)}</td>
                  <td>{seconds(u.p90Ms)}</td>
                  <td>{seconds(u.p100Ms)}</td>
                  <td>{percent(u.within10s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {drill.trend.length > 1 && (
            <>
              <h3>{t('drillTrend')}</h3>
              <ol className="drill-trend" data-testid="drill-trend">
                {drill.trend.map((d) => (
                  <li key={d.code}>
                    {d.name}（{d.code}）· {t('drillWithin10s')} {percent(d.within10s)} · 90% {seconds(d.p90Ms)} · {t('drillConfirmed')} {percent(d.confirmed / Math.max(1, d.targeted))}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3 data-testid="drill-never-confirmed-title">
            {t('drillNeverConfirmed')} · {drill.neverConfirmedTotal}
          </h3>
          <ul className="stragglers" data-testid="drill-never-confirmed">
            {drill.neverConfirmed.slice(0, 200).map((w) => (
              <li key={w.id}>
                {w.name}（{w.id}）· {w.gridCode} · {w.delivered ? t('delivered') : t('offline')}
                {w.leader ? ` · ${t('gridLeader')} ${w.leader.name}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
