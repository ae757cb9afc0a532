import { Router } from 'express';
import { z } from 'zod';
import { ATTEMPT_STATES, type ReachAnswer } from './answers/reachAnswers.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { officerScopeOf } from '../auth/areaPolicy.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { ReachStore } from '../reach/reachStore.ts';
import { badRequest } from './errors.ts';

/** `?limit=`: the workers listed (the counts cover all). */
export const ReachQuery = z.object({ limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(5000).default(500) });

/**
 * Proof by channel (officers): for a broadcast, each worker of the caller's area whom the server
 * tried beyond the socket — by Web Push, by SMS — with how it went: made (the push service or
 * gateway took it), failed (why), and for an SMS when its link was opened and confirmed.
 */
export function reachRouter(store: ReachStore, broadcasts: BroadcastService, directory: WorkerDirectory, auth: Authenticator): Router {
  const router = Router();
  router.get('/:id/reach', requireRole(auth, 'officer'), async (req, res) => {
    const query = ReachQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const id = String(req.params.id);
    if (!(await broadcasts.get(id))) return void res.status(404).json({ error: `no broadcast ${id}` });
    const area = officerScopeOf(req.principal!, (code) => directory.levelOf(code))!;
    const counts = () => Object.fromEntries(ATTEMPT_STATES.map((s) => [s, 0])) as Record<(typeof ATTEMPT_STATES)[number], number>;
    const byChannel = { push: counts(), sms: { ...counts(), opened: 0, confirmed: 0 } };
    const attempts: z.infer<typeof ReachAnswer>['attempts'] = [];
    const districts = new Map<string, z.infer<typeof ReachAnswer>['byDistrict'][number]>();
    let total = 0;
    for (const attempt of await store.attemptsOf(id)) {
      const index = directory.indexOf(attempt.worker);
      if (index < 0 || !directory.holds(area, index)) continue;
      total++;
      byChannel[attempt.channel][attempt.state]++;
      const sms = attempt.channel === 'sms';
      if (sms && attempt.openedAtMs !== null) byChannel.sms.opened++;
      if (sms && attempt.confirmedAtMs !== null) byChannel.sms.confirmed++;
      const home = directory.homeOf(index);
      const district = districts.get(home.district) ?? { code: home.district, name: directory.unitName(home.district), pushed: 0, texted: 0, deliveredAfterPush: 0, deliveredBySms: 0 };
      districts.set(home.district, district);
      const made = attempt.state === 'made';
      if (sms && made) district.texted++;
      if (!sms && made) district.pushed++;
      if (sms && attempt.openedAtMs !== null && attempt.deliveredAtMs !== null && attempt.deliveredAtMs >= attempt.openedAtMs) district.deliveredBySms++;
      if (!sms && made && attempt.deliveredAtMs !== null && attempt.deliveredAtMs >= attempt.atMs) district.deliveredAfterPush++;
      if (attempts.length < query.data.limit) attempts.push({ ...attempt, name: home.name, gridCode: home.grid });
    }
    const byDistrict = [...districts.values()].sort((a, b) => a.code.localeCompare(b.code));
    res.json({ id, byChannel, byDistrict, total, attempts } satisfies z.infer<typeof ReachAnswer>);
  });
  return router;
}
