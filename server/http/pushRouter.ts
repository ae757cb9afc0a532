import { Router } from 'express';
import { PushSubscriptionRequest } from '../../common/domain/push.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { PushSender } from '../push/pushSender.ts';
import type { PushStore } from '../push/pushStore.ts';
import { badRequest } from './errors.ts';

/**
 * `/api/push` (grid workers, each their own phones): `GET /vapid-public-key` → `{ publicKey }`, the
 * key a phone subscribes with; `POST /subscriptions { endpoint, keys: { p256dh, auth } }` → 201
 * keeps the phone's subscription for the signed-in worker — on a push service PUSH_ENDPOINT_HOSTS
 * lists, or a 400 naming `endpoint`.
 */
export function pushRouter(store: PushStore, sender: PushSender, directory: WorkerDirectory, auth: Authenticator, clock: () => number): Router {
  const router = Router();
  const worker = requireRole(auth, 'worker');
  router.get('/vapid-public-key', worker, (_req, res) => void res.json({ publicKey: sender.publicKey }));
  router.post('/subscriptions', worker, async (req, res) => {
    const request = PushSubscriptionRequest.safeParse(req.body);
    if (!request.success) return badRequest(res, request.error);
    const problem = sender.endpointProblem(request.data.endpoint);
    if (problem) return void res.status(400).json({ error: `endpoint: ${problem}`, fields: ['endpoint'] });
    const username = req.principal!.username;
    if (directory.indexOf(username) < 0) return void res.status(404).json({ error: `${username} is not on the city's roster` });
    const createdAtMs = clock();
    await store.subscribe({ endpoint: request.data.endpoint, worker: username, p256dh: request.data.keys.p256dh, auth: request.data.keys.auth, createdAtMs });
    res.status(201).json({ endpoint: request.data.endpoint, createdAtMs });
  });
  return router;
}
