import { useEffect, useState } from 'react';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES, EVENT_CHANNEL_LABELS, EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { eventHistory } from '../realtime/wallFeed.ts';
import { formatClock, formatDuration, label, t } from '../shared/i18n.ts';
import { categoryLabel, departmentName } from '../shared/cityServices.ts';

/** Who holds the event and for how long (its lead department, from sign-in or dispatch); who closed it, and how long it took. */
function HeldBy({ event, nowMs }: { event: CityEvent; nowMs: number }) {
  const holder = event.dispatch?.lead ?? event.dispatch?.departments[0];
  if (!holder || event.dispatchedAtMs === null) return null;
  const name = departmentName(holder);
  const closed = CLOSED_STATES.has(event.state) && event.resolvedAtMs !== null;
  const sinceMs = event.signedAtMs ?? event.dispatchedAtMs;
  return (
    <p className="event-popup__held" data-testid="event-held">
      {closed
        ? `${name} · ${t('heldResolvedIn')} ${formatDuration(event.resolvedAtMs! - event.dispatchedAtMs)}`
        : `${t('detailHeld')} ${name} · ${t('detailSince')} ${formatDuration(Math.max(0, nowMs - sinceMs))}`}
    </p>
  );
}

/** A clicked event's whole story: what, where, and every step with who and when. */
export function EventHistoryPopup({ id, nowMs, onClose }: { id: string; nowMs: number; onClose: () => void }) {
  const [data, setData] = useState<{ event: CityEvent; history: Transition[] } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    eventHistory(id).then(
      (ack) => live && setData(ack.ok ? { event: ack.event, history: ack.history } : { error: ack.error }),
      (error: unknown) => live && setData({ error: String(error) }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <aside className="event-popup" data-testid="event-popup">
      <header className="event-popup__header">
        <h3>
          {t('eventHistory')} · {id}
        </h3>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </header>
      {data && 'error' in data && <p className="path-error">{data.error}</p>}
      {data && 'event' in data && (
        <>
          <p>
            {categoryLabel(data.event.category)} · {label(EVENT_CHANNEL_LABELS[data.event.channel])} · {data.event.description}
          </p>
          <HeldBy event={data.event} nowMs={nowMs} />
          <ol className="event-popup__steps">
            {data.history.map((step, i) => (
              <li key={i}>
                <span>{formatClock(step.atMs)}</span> <strong>{label(EVENT_STATE_LABELS[step.to])}</strong> <span>{step.actor}</span>
                {step.note ? <em> · {step.note}</em> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
