import { useCallback, useEffect, useState } from 'react';
import { currentShift, type HandoverBrief, type HandoverEvent, SEVERITY_LABELS } from '../../common/domain/handover.ts';
import { ALERT_LEVEL_LABELS } from '../../common/domain/sensors.ts';
import { EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { OPERATING_MODE_LABELS } from '../../common/domain/modes.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { formatDateTime, formatInt, label, t } from '../shared/i18n.ts';
import { beijingInputValue, momentOfQuery } from '../shared/beijingMoment.ts';

function EventTable({ events, omitted, testId }: { events: HandoverEvent[]; omitted: number; testId: string }) {
  return (
    <table className="reach-districts handover-events" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('handoverId')}</th>
          <th>{t('handoverReceived')}</th>
          <th>{t('handoverCategory')}</th>
          <th>{t('drill_districts')}</th>
          <th>{t('handoverSeverity')}</th>
          <th>{t('handoverState')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-id={e.id} className={e.overdue ? 'drill-late' : ''}>
            <td>{e.id}</td>
            <td>{formatDateTime(e.receivedAtMs)}</td>
            <td>{e.categoryName}</td>
            <td>{e.districtName}</td>
            <td>{label(SEVERITY_LABELS[e.severity])}</td>
            <td>
              {label(EVENT_STATE_LABELS[e.state])}
              {e.overdue ? ` · ${t('handoverOverdue')}` : ''}
            </td>
          </tr>
        ))}
        {omitted > 0 && (
          <tr>
            <td colSpan={6}>
              {t('handoverMore')} {formatInt(omitted)}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/**
 * 交接班 (/console#handover): the outgoing shift's brief from the server (GET /api/handover) over the
 * officer's area — by default the shift under way (from 08:00 or 20:00 Beijing to now, the city's
 * time) — shown and printed: the brief's sentences first, then each list.
 */
export function HandoverBoard() {
  const [period, setPeriod] = useState<{ fromMs: number; toMs: number } | null>(null);
  const [brief, setBrief] = useState<HandoverBrief | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    consoleApi<{ clock: { nowMs: number } }>('GET', '/api/clock').then(
      (r) => setPeriod(currentShift(r.clock.nowMs)),
      () => setPeriod(currentShift(Date.now())),
    );
  }, []);
  const generate = useCallback((p: { fromMs: number; toMs: number }) => {
    setBrief(null);
    consoleApi<HandoverBrief>('GET', `/api/handover?from=${Math.round(p.fromMs)}&to=${Math.round(p.toMs)}`).then(
      (b) => (setBrief(b), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(() => {
    if (period) generate(period);
  }, [period, generate]);
  const pick = (which: 'fromMs' | 'toMs') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const ms = momentOfQuery(e.target.value);
    if (ms !== null && period) setPeriod({ ...period, [which]: ms });
  };
  return (
    <section className="handover-board" data-testid="handover-board">
      <h2>{t('handoverTitle')}</h2>
      {period && (
        <div className="broadcast-actions">
          <label>
            {t('handoverFrom')} <input type="datetime-local" data-testid="handover-from" value={beijingInputValue(period.fromMs)} onChange={pick('fromMs')} />
          </label>
          <label>
            {t('handoverTo')} <input type="datetime-local" data-testid="handover-to" value={beijingInputValue(period.toMs)} onChange={pick('toMs')} />
          </label>
          <button type="button" onClick={() => generate(period)}>
            {t('handoverGenerate')}
          </button>
          <button type="button" data-testid="handover-print" onClick={() => window.print()}>
            {t('drillPrint')}
          </button>
        </div>
      )}
      {error && <p className="path-error">{error}</p>}
      {brief && (
        <article className="handover-brief" data-testid="handover-brief">
          <div className="handover-summary" data-testid="handover-summary">
            {brief.summaryZh.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          <h3>
            {t('handoverStillOpen')} · {formatInt(brief.events.openNow)}
          </h3>
          <EventTable events={brief.events.stillOpen} omitted={brief.events.stillOpenOmitted} testId="handover-still-open" />
          <h3>
            {t('handoverOpened')} · {formatInt(brief.events.opened)}
          </h3>
          <EventTable events={brief.events.openedList} omitted={brief.events.openedOmitted} testId="handover-opened" />
          <h3>{t('tabWhistles')}</h3>
          <ul data-testid="handover-whistles">
            {brief.whistlesOutstanding.map((w) => (
              <li key={w.eventId}>
                {w.eventId} · {formatDateTime(w.atMs)} → {formatDateTime(w.deadlineAtMs)}
                {w.late ? ` · ${t('handoverOverdue')}` : ''} · {w.waiting.join('、')}
              </li>
            ))}
          </ul>
          <h3>{t('tabCases')}</h3>
          <ul data-testid="handover-cases">
            {brief.casesMoved.map((c) => (
              <li key={c.id}>
                {c.id} · {c.title} · {c.moves.join(' / ')} · {c.state}
              </li>
            ))}
          </ul>
          <h3>{t('handoverModes')}</h3>
          <ul data-testid="handover-modes">
            {brief.modeSwitches.map((m) => (
              <li key={`${m.sinceMs}-${m.mode}`}>
                {formatDateTime(m.sinceMs)} · {label(OPERATING_MODE_LABELS[m.mode])} · {m.reason} · {m.actor}
              </li>
            ))}
          </ul>
          <h3>{t('waterAlerts')}</h3>
          <ul data-testid="handover-water">
            {brief.sensors.waterAbove.map((w) => (
              <li key={w.id}>
                {w.name} · {w.depthCm} cm · {label(ALERT_LEVEL_LABELS[w.level])}
              </li>
            ))}
          </ul>
        </article>
      )}
    </section>
  );
}
