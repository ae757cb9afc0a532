import { useMemo, useState } from 'react';
import { type DeskEvent, whistleStanding } from '../../common/domain/officerDeskView.ts';
import { CLOSED_STATES, EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { officerDesk } from '../realtime/officerDeskFeed.ts';
import { useStore } from '../realtime/store.ts';
import { formatClock, label, t } from '../shared/i18n.ts';
import { useNow } from '../shared/useNow.ts';
import { rateDepartments } from './officerApi.ts';
import { categoryLabel, departmentName } from '../shared/cityServices.ts';

/** 吹哨报到看板: every whistle in the officer's area, those with departments late first. */
export function WhistleBoard() {
  const desk = useStore(officerDesk);
  const now = useNow(1000) + desk.clockOffsetMs;
  const whistled = useMemo(() => {
    const late = (e: DeskEvent) => e.whistle!.departments.some((d) => whistleStanding(d.reportedInAtMs, e.whistle!.deadlineAtMs, now) === 'late');
    return [...desk.byId.values()].filter((e) => e.whistle).sort((a, b) => Number(late(b)) - Number(late(a)) || b.whistle!.atMs - a.whistle!.atMs);
  }, [desk.byId, now]);
  return (
    <section className="whistle-board" data-testid="whistle-board">
      <h2>{t('whistleBoard')}</h2>
      {whistled.length === 0 && <p className="console-hint">{t('whistleNone')}</p>}
      {whistled.map((e) => (
        <WhistleCard key={e.id} item={e} nowMs={now} />
      ))}
    </section>
  );
}

/** One whistle: who blew it, the deadline, each summoned department's standing; after closure, its rating. */
export function WhistleCard({ item, nowMs }: { item: DeskEvent; nowMs: number }) {
  const whistle = item.whistle!;
  const closed = CLOSED_STATES.has(item.state);
  const [scores, setScores] = useState<Record<string, number>>(() => Object.fromEntries(whistle.departments.map((d) => [d.code, d.score ?? 5])));
  const [message, setMessage] = useState<string | null>(null);
  const rate = () =>
    rateDepartments(
      item.id,
      whistle.departments.map((d) => ({ department: d.code, score: scores[d.code] ?? 5 })),
    ).then(
      () => setMessage('✓'),
      (e: Error) => setMessage(e.message),
    );
  return (
    <div className="whistle-card" data-testid="whistle-card" data-event-id={item.id}>
      <header>
        <strong>{categoryLabel(item.category)}</strong> <small>{item.id}</small> · {label(EVENT_STATE_LABELS[item.state])}
      </header>
      <p>
        {t('whistleBy')} {whistle.by} · {formatClock(whistle.atMs)} · {t('whistleDeadline')} {formatClock(whistle.deadlineAtMs)}
      </p>
      <ul>
        {whistle.departments.map((d) => {
          const standing = whistleStanding(d.reportedInAtMs, whistle.deadlineAtMs, nowMs);
          return (
            <li key={d.code} className={`whistle-card__dept whistle-card__dept--${standing}`} data-testid="whistle-dept" data-department={d.code} data-standing={standing}>
              {departmentName(d.code)} · {t(`standing_${standing}`)}
              {d.reportedInAtMs !== null && ` ${formatClock(d.reportedInAtMs)}`}
              {closed && (
                <select aria-label={`${t('ratingScore')} ${departmentName(d.code)}`} value={scores[d.code] ?? 5} onChange={(e) => setScores({ ...scores, [d.code]: Number(e.target.value) })}>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n}>
                      {'★'.repeat(n)}
                    </option>
                  ))}
                </select>
              )}
            </li>
          );
        })}
      </ul>
      {closed && (
        <button type="button" data-testid="whistle-rate" onClick={() => void rate()}>
          {t('actRate')}
        </button>
      )}
      {message && <span role="status">{message}</span>}
    </div>
  );
}
