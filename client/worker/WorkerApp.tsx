import { useState } from 'react';
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

function BroadcastCard({ item }: { item: InboxItem }) {
  return (
    <article className={`broadcast broadcast--${item.priority} ${item.cancelled ? 'broadcast--cancelled' : ''}`} data-testid="inbox-item">
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
  const { items, alerting } = useStore(inbox);
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
        <span>{username}</span>
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
      <section className="worker-card">
        <h2>{t('inbox')}</h2>
        {items.length === 0 ? <p>{t('noBroadcasts')}</p> : items.map((item) => <BroadcastCard key={item.id} item={item} />)}
      </section>
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
