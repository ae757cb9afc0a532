import { useEffect, useState } from 'react';
import type { DeskEvent } from '../../common/domain/officerDeskView.ts';
import { EVENT_CHANNEL_LABELS, EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { TASK_KIND_LABELS, TASK_OUTCOME_LABELS } from '../../common/domain/tasks.ts';
import { consoleLocate } from '../realtime/consoleFeed.ts';
import { officerDesk } from '../realtime/officerDeskFeed.ts';
import { useStore } from '../realtime/store.ts';
import { GridPathView } from '../shared/GridPathView.tsx';
import { formatClock, formatDateTime, formatDuration, label, t } from '../shared/i18n.ts';
import { useLocate } from '../shared/useLocate.ts';
import { EventActions } from './EventActions.tsx';
import { type AttachmentView, type EventReading, photoUrl, readEvent } from './officerApi.ts';
import { WhistleCard } from './WhistleBoard.tsx';
import { categoryLabel, departmentName } from '../shared/cityServices.ts';

/**
 * One event as the officer needs it to act: what and where (with its grid path), who reported it
 * (contact shown to officers only), photos, duplicates, who holds it and for how long, the SLA
 * clock, the whole history — read again whenever the live queue shows a newer version.
 */
export function EventDetail({ item, nowMs }: { item: DeskEvent; nowMs: number }) {
  const [reading, setReading] = useState<EventReading | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { outcome, run } = useLocate(consoleLocate);
  const desk = useStore(officerDesk);
  useEffect(() => {
    let live = true;
    readEvent(item.id).then(
      (r) => live && (setReading(r), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [item.id, item.version]);
  useEffect(() => run(item.lng, item.lat), [item.lng, item.lat, run]);
  const duplicates = [...desk.byId.values()].filter((e) => e.duplicateOf === item.id);
  const event = reading?.event;
  const heldSinceMs = item.signedAtMs ?? item.dispatchedAtMs;
  const left = item.dueAtMs === null ? null : item.dueAtMs - nowMs;
  return (
    <article className="event-detail" data-testid="event-detail" data-event-id={item.id} data-state={item.state}>
      <header>
        <h2>
          {categoryLabel(item.category)} <small>{item.id}</small>
        </h2>
        <span className="event-detail__state" data-testid="detail-state">
          {label(EVENT_STATE_LABELS[item.state])}
        </span>
      </header>
      {error && (
        <p role="alert" className="desk__error">
          {error}
        </p>
      )}
      <p className="event-detail__description">{event?.description ?? item.summary}</p>
      <dl className="event-detail__facts">
        <dt>{t('detailReceived')}</dt>
        <dd>
          {formatDateTime(item.receivedAtMs)} · {label(EVENT_CHANNEL_LABELS[item.channel])}
        </dd>
        {event?.reporter && (
          <>
            <dt>{t('detailReporter')}</dt>
            <dd data-testid="detail-reporter">{[event.reporter.name, event.reporter.phone].filter(Boolean).join(' · ')}</dd>
          </>
        )}
        <dt>{t('detailLocation')}</dt>
        <dd>
          {event?.address ?? `${item.lng.toFixed(5)}, ${item.lat.toFixed(5)}`}
          <GridPathView outcome={outcome} />
        </dd>
        {item.departments.length > 0 && (
          <>
            <dt>{t('detailDepartments')}</dt>
            <dd>
              {item.departments.map((d) => `${departmentName(d)}${d === item.lead ? `（${t('detailLead')}）` : ''}`).join('、')}
              {item.leader && ` · ${t('detailLeader')} ${item.leader}`}
            </dd>
          </>
        )}
        {heldSinceMs !== null && item.departments.length > 0 && (
          <>
            <dt>{t('detailHeld')}</dt>
            <dd>
              {departmentName(item.lead ?? item.departments[0]!)} · {t('detailSince')} {formatDuration(Math.max(0, nowMs - heldSinceMs))}
            </dd>
          </>
        )}
        {left !== null && (
          <>
            <dt>{t('filterSla')}</dt>
            <dd className={left < 0 ? 'event-detail__overdue' : ''}>{left >= 0 ? `${t('deskDueIn')} ${formatDuration(left)}` : `${t('deskOverdue')} ${formatDuration(-left)}`}</dd>
          </>
        )}
        {item.spansJurisdictions && (
          <>
            <dt>{t('detailSpans')}</dt>
            <dd>✓</dd>
          </>
        )}
        {item.task && (
          <>
            <dt>{t('taskTitle')}</dt>
            <dd data-testid="detail-task" data-outcome={item.task.outcome ?? ''}>
              {label(TASK_KIND_LABELS[item.task.kind])} · {item.task.worker} ·{' '}
              {item.task.outcome ? label(TASK_OUTCOME_LABELS[item.task.outcome]) : item.task.accepted ? t('taskAccepted') : t('taskAssigned')}
            </dd>
          </>
        )}
        {item.duplicateOf && (
          <>
            <dt>{t('detailDuplicateOf')}</dt>
            <dd>{item.duplicateOf}</dd>
          </>
        )}
        {duplicates.length > 0 && (
          <>
            <dt>{t('reason_duplicate')}</dt>
            <dd>{duplicates.map((d) => d.id).join('、')}</dd>
          </>
        )}
      </dl>
      <EventActions item={item} onRead={setReading} />
      {item.whistle && <WhistleCard item={item} nowMs={nowMs} />}
      {reading && reading.attachments.length > 0 && (
        <section>
          <h3>{t('detailPhotos')}</h3>
          <div className="event-detail__photos">
            {reading.attachments.map((a) => (
              <Photo key={a.id} photo={a} />
            ))}
          </div>
        </section>
      )}
      <section>
        <h3>{t('detailHistory')}</h3>
        <ol className="event-detail__history" data-testid="detail-history">
          {reading?.history.map((h, i) => (
            <li key={i}>
              <time>{formatClock(h.atMs)}</time> {h.from ? `${label(EVENT_STATE_LABELS[h.from])} → ` : ''}
              {label(EVENT_STATE_LABELS[h.to])} · {h.actor}
              {h.note && <q>{h.note}</q>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function Photo({ photo }: { photo: AttachmentView }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    photoUrl(photo.thumbnailUrl).then(
      (u) => setSrc((url = u)),
      () => setSrc(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [photo.thumbnailUrl]);
  return src ? <img src={src} alt={photo.id} data-testid="detail-photo" width={160} /> : <span className="event-detail__photo-pending">…</span>;
}
