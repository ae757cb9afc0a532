import { Router } from 'express';
import { ReplayMomentQuery } from '../../common/domain/replay.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { WallReplay } from '../replay/wallReplay.ts';
import type { DomainNow } from '../time/domainClock.ts';
import { badRequest } from './errors.ts';

/**
 * `GET /api/wall/snapshot?at=<epoch ms>` (officers, walls): the wall as it was at that moment of
 * the city's time, in the shape a live wall joins with, and where it was rebuilt from. The whole
 * city's, as the live wall is (its dots carry no contacts).
 */
export function wallReplayRouter(replay: WallReplay, auth: Authenticator, domainNow: DomainNow): Router {
  const router = Router();
  router.get('/snapshot', requireRole(auth, 'officer', 'wall'), async (req, res) => {
    const query = ReplayMomentQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const nowMs = domainNow();
    if (query.data.at > nowMs) return void res.status(400).json({ error: `at: ${query.data.at} is in the future (now ${nowMs})` });
    res.json(await replay.snapshotAt(query.data.at));
  });
  return router;
}
