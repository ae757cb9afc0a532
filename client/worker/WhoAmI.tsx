import { useEffect, useState } from 'react';
import { WORKER_ROLE_LABELS, type WorkerProfile } from '../../common/domain/workers.ts';
import { workerAuth, workerSession } from '../realtime/workerFeed.ts';
import { authJson } from '../shared/authFetch.ts';
import { label } from '../shared/i18n.ts';
import { recall, remember } from './lastKnown.ts';

/** Who the phone is signed in as — name, role, grid — from `GET /api/workers/me`, remembered for opening without signal. */
export function WhoAmI({ username }: { username: string }) {
  const [me, setMe] = useState<WorkerProfile | null>(() => recall<WorkerProfile>('me', username)?.value ?? null);
  useEffect(() => {
    authJson<WorkerProfile>(workerAuth, 'GET', '/api/workers/me').then(
      (profile) => {
        setMe(profile);
        remember('me', workerSession.get().username, profile);
      },
      () => {},
    );
  }, []);
  if (!me) return <span data-testid="who-am-i">{username}</span>;
  return (
    <span className="worker-who" data-testid="who-am-i">
      {me.name} · {label(WORKER_ROLE_LABELS[me.role])} · {me.gridName}
    </span>
  );
}
