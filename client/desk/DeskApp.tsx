import { useCallback, useEffect, useState } from 'react';
import { EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { useStore } from '../realtime/store.ts';
import { formatClock, formatDuration, label, otherLanguageHref, t } from '../shared/i18n.ts';
import { LoginForm } from '../shared/LoginForm.tsx';
import { useNow } from '../shared/useNow.ts';
import { type DeskItem, deskAuth, fetchQueue, takeStep, uploadPhoto } from './deskClient.ts';
import { categoryLabel } from '../shared/cityServices.ts';

/** How often the queue is read again, ms: new dispatches appear within this. */
const QUEUE_REFRESH_MS = 5000;

/** A department's desk (职能部门): the events dispatched to it, most urgent first — 签收, 处置, 办结 with a photo, or 退回 with a reason. */
export function DeskApp() {
  const session = useStore(deskAuth.session);
  if (!session.token)
    return (
      <div className="login-screen">
        <LoginForm demoUser="dept.waterSupply" error={session.error} onLogin={(u, p) => deskAuth.login(u, p, ['department'])} />
      </div>
    );
  return <Desk username={session.username ?? ''} />;
}

function Desk({ username }: { username: string }) {
  const [queue, setQueue] = useState<DeskItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The server's clock minus this browser's: SLA clocks run on the city's time (a simulator may drive it).
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const reload = useCallback(async () => {
    try {
      const read = await fetchQueue();
      setClockOffsetMs(read.serverTimeMs - Date.now());
      setQueue(read.items);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <div className="desk">
      <header className="desk__header">
        <h1>{t('deskTitle')}</h1>
        <span className="desk__user">{username}</span>
        <a href={otherLanguageHref()}>{t('language')}</a>
        <button type="button" onClick={() => deskAuth.logout()}>
          {t('deskSignOut')}
        </button>
      </header>
      <h2>
        {t('deskQueue')} {queue && <span data-testid="desk-count">({queue.length})</span>}
      </h2>
      {error && (
        <p className="desk__error" role="alert">
          {error}
        </p>
      )}
      {queue?.length === 0 && <p className="desk__empty">{t('deskEmpty')}</p>}
      <ol className="desk__queue">
        {queue?.map((item) => (
          <DeskCard key={item.event.id} item={item} clockOffsetMs={clockOffsetMs} onDone={reload} />
        ))}
      </ol>
    </div>
  );
}

function DeskCard({ item, clockOffsetMs, onDone }: { item: DeskItem; clockOffsetMs: number; onDone: () => Promise<void> }) {
  const now = useNow(1000) + clockOffsetMs;
  const { event, dueAtMs } = item;
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setNote('');
      setPhoto(null);
      await onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** 处置 or 办结: the photo first (evidence), then the step with its note. */
  const step = (to: 'signed' | 'handling' | 'resolved') =>
    run(async () => {
      if (photo) await uploadPhoto(event.id, photo);
      await takeStep(event.id, to, note.trim() || undefined);
    });
  const left = dueAtMs === null ? null : dueAtMs - now;
  return (
    <li className={`desk-card ${left !== null && left < 0 ? 'desk-card--overdue' : ''}`} data-testid="desk-item" data-event-id={event.id}>
      <header>
        <strong>{categoryLabel(event.category)}</strong>
        <span className="desk-card__state" data-testid="desk-state">
          {label(EVENT_STATE_LABELS[event.state])}
        </span>
        {left !== null && <span className="desk-card__due">{left >= 0 ? `${t('deskDueIn')} ${formatDuration(left)}` : `${t('deskOverdue')} ${formatDuration(-left)}`}</span>}
      </header>
      <p>{event.description}</p>
      <p className="desk-card__meta">
        {event.id} · {event.address ?? `${event.lng.toFixed(4)}, ${event.lat.toFixed(4)}`} · {formatClock(event.receivedAtMs)}
        {event.dispatch?.lead && ` · 牵头 ${event.dispatch.lead}`}
      </p>
      <div className="desk-card__form">
        <input aria-label={t('deskNote')} placeholder={t('deskNote')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        <label className="desk-card__photo">
          {t('deskPhoto')}
          <input type="file" accept="image/*" capture="environment" data-testid="desk-photo" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
        </label>
      </div>
      <div className="desk-card__actions">
        {(event.state === 'dispatched' || event.state === 'escalated') && (
          <button type="button" disabled={busy} onClick={() => step('signed')}>
            {t('deskSign')}
          </button>
        )}
        {event.state === 'signed' && (
          <button type="button" disabled={busy} onClick={() => step('handling')}>
            {t('deskHandle')}
          </button>
        )}
        {event.state === 'handling' && (
          <button type="button" disabled={busy} onClick={() => step('resolved')}>
            {t('deskResolve')}
          </button>
        )}
        {event.state !== 'handling' && (
          <button type="button" className="desk-card__return" disabled={busy || !note.trim()} title={t('deskReturnReason')} onClick={() => run(() => takeStep(event.id, 'returned', note.trim()))}>
            {t('deskReturn')}
          </button>
        )}
      </div>
      {error && (
        <p className="desk__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
