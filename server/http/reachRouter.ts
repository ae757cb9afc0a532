import { Router } from 'express';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { officerScopeOf } from '../auth/areaPolicy.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { ReachStore } from '../reach/reachStore.ts';

/** `GET /api/broadcasts/:id/reach`: what was tried beyond the socket, per worker of the caller's area. */
export const ReachAnswer = z.object({
  id: z.string(),
  attempts: z.array(
    z.object({
      worker: z.string(),
      name: z.string(),
      gridCode: z.string(),
      channel: z.enum(['push', 'sms']),
      state: z.enum(['claimed', 'sending', 'made', 'failed']),
      atMs: z.number(),
      tries: z.number(),
      detail: z.string().nullable(),
      openedAtMs: z.number().nullable(),
      confirmedAtMs: z.number().nullable(),
    }),
  ),
});

/**
 * Proof by channel (officers): for a broadcast, each worker of the caller's area whom the server
 * tried beyond the socket — by Web Push, by SMS — with how it went: made (the push service or
 * gateway took it), failed (why), and for an SMS when its link was opened and confirmed.
 */
export function reachRouter(store: ReachStore, broadcasts: BroadcastService, directory: WorkerDirectory, auth: Authenticator): Router {
  const router = Router();
  router.get('/:id/reach', requireRole(auth, 'officer'), async (req, res) => {
    const id = String(req.params.id);
    if (!(await broadcasts.get(id))) return void res.status(404).json({ error: `no broadcast ${id}` });
    const area = officerScopeOf(req.principal!, (code) => directory.levelOf(code))!;
    const attempts = [];
    for (const attempt of await store.attemptsOf(id)) {
      const index = directory.indexOf(attempt.worker);
      if (index < 0 || !directory.holds(area, index)) continue;
      const home = directory.homeOf(index);
      attempts.push({ ...attempt, name: home.name, gridCode: home.grid });
    }
    res.json({ id, attempts } satisfies z.infer<typeof ReachAnswer>);
  });
  return router;
}
