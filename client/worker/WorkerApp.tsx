import { useEffect, useState } from 'react';
import { BROADCAST_PRIORITY_LABELS } from '../../common/domain/broadcasts.ts';
import type { InboxItem } from '../../common/socketCatalogue.ts';
import { useStore } from '../realtime/store.ts';
import { confirmBroadcast, dismissAlert, gridStragglers, inbox, workerAuth, workerLink, workerLocate, workerSession } from '../realtime/workerFeed.ts';
import { CoordinateForm } from '../shared/CoordinateForm.tsx';
import { GridPathView } from '../shared/GridPathView.tsx';
import { formatClock, label, otherLanguageHref, t } from '../shared/i18n.ts';
import { LoginForm } from '../shared/LoginForm.tsx';
import { useLocate } from '../shared/useLocate.ts';
import { DutyCard, OutboxList, ReportForm } from './FieldPanels.tsx';
import { TasksCard } from './TasksCard.tsx';
import { WhoAmI } from './WhoAmI.tsx';
import { NotificationsCard } from './NotificationsCard.tsx';

/** The grid worker's phone: instructions with one-tap confirmation first, then duty, reports from the field (with an outbox), and "which grid am I in". */
export function WorkerApp() {
  const session = useStore(workerSession);
  if (!session.token)
    return (
      <div className="login-screen">
        <LoginForm demoUser="W000001" error={session.error} onLogin={(u, p) => workerAuth.login(u, p, ['worker'])} onEnrol={(u, code) => workerAuth.enrol(u, code)} />
      </div>
    );
  return <Worker username={session.username ?? ''} />;
}

/** One broadcast; `anchored`: the inbox's card, which a push notification's link scrolls to. */
function BroadcastCard({ item, anchored = false }: { item: InboxItem; anchored?: boolean }) {
  return (
    <article id={anchored ? `broadcast-${item.id}` : undefined} className={`broadcast broadcast--${item.priority} ${item.cancelled ? 'broadcast--cancelled' : ''}`} data-testid="inbox-item">
      <header>
        <span className="broadcast__priority">{label(BROADCAST_PRIORITY_LABELS[item.priority])}</span>
        {item.exercise && <span className="broadcast__drill">{t('exercise')}</span>}
        <time>{formatClock(item.sentAtMs)}</time>
      </header>
      <h3>{item.title}</h3>
      <p>{item.body}</p>
      <p className="broadcast__sender">
        {t('sentBy')} {item.sender}
        {item.updatedBy && ` · ${t('updatedBy')} ${item.updatedBy}`}
      </p>
      {item.cancelled ? (
        <p className="broadcast__state">
          {t('cancelled')}
          {item.cancelledBy && ` · ${t('cancelledBy')} ${item.cancelledBy}`}
        </p>
      ) : item.confirmed ? (
        <p className="broadcast__state broadcast__state--ok">{t('confirmedByMe')}</p>
      ) : (
        item.requiresConfirmation && (
          <button type="button" className="broadcast__confirm" onClick={() => confirmBroadcast(item.id)}>
            {t('confirm')}
          </button>
        )
      )}
    </article>
  );
}

function Worker({ username }: { username: string }) {
  const link = useStore(workerLink);
  const { items, alerting, syncedAtMs } = useStore(inbox);
  // Opened from a push notification (/worker#broadcast=<id>): that broadcast in view once it is in the inbox.
  const shown = /^#broadcast=([\w-]+)$/.exec(location.hash)?.[1];
  const arrived = shown !== undefined && items.some((item) => item.id === shown);
  useEffect(() => {
    if (arrived) document.getElementById(`broadcast-${shown}`)?.scrollIntoView({ block: 'center' });
  }, [arrived, shown]);
  const { lists } = useStore(gridStragglers);
  const { outcome, run } = useLocate(workerLocate);
  const [here, setHere] = useState<{ lng: number; lat: number }>();
  const [gpsError, setGpsError] = useState(false);
  const useGps = () => {
    setGpsError(false);
    navigator.geolocation?.getCurrentPosition(
      (position) => {
        const point = { lng: position.coords.longitude, lat: position.coords.latitude };
        setHere(point);
        run(point.lng, point.lat);
      },
      () => setGpsError(true),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <div className="worker-screen">
      {alerting && (
        <div className={`alert-overlay ${alerting.priority === 'flash' ? 'alert-overlay--full' : ''}`} data-testid="alert-overlay">
          <p className="alert-overlay__kicker">{t('newBroadcast')}</p>
          <BroadcastCard item={alerting} />
          {!alerting.requiresConfirmation && (
            <button type="button" onClick={dismissAlert}>
              {t('close')}
            </button>
          )}
        </div>
      )}
      <header className="worker-header">
        <h1>{t('workerTitle')}</h1>
        <WhoAmI username={username} />
        <span className={`link-badge link-badge--${link.status}`}>{link.status === 'live' ? t('connected') : t('connecting')}</span>
      </header>
      {lists.map((list) => (
        <section className="worker-card worker-card--alarm" key={list.id} data-testid="grid-stragglers">
          <h2>
            {t('stragglersInGrid')} · {list.title}
          </h2>
          <ul>
            {list.workers.map((w) => (
              <li key={w.id}>
                {w.name}（{w.id}）{w.delivered ? t('delivered') : t('offline')}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className="worker-card" data-testid="inbox">
        <h2>{t('inbox')}</h2>
        {link.status !== 'live' && syncedAtMs !== null && (
          <p className="worker-offline" data-testid="offline-since">
            {t('offlineShowingLast')} {formatClock(syncedAtMs)}
          </p>
        )}
        {items.length === 0 ? <p>{t('noBroadcasts')}</p> : items.map((item) => <BroadcastCard key={item.id} item={item} anchored />)}
      </section>
      <NotificationsCard />
      <TasksCard />
      <DutyCard />
      <ReportForm />
      <OutboxList />
      <section className="worker-card">
        <h2>{t('myGrid')}</h2>
        <button type="button" onClick={useGps}>
          {t('useMyLocation')}
        </button>
        {gpsError && <p className="path-error">{t('locationDenied')}</p>}
        <CoordinateForm value={here} onSubmit={(lng, lat) => run(lng, lat)} />
        <GridPathView outcome={outcome} />
      </section>
      <footer className="worker-footer">
        <a href={otherLanguageHref()}>{t('language')}</a>
      </footer>
    </div>
  );
}
