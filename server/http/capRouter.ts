import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import { CAP_FEED_ENTRIES, capAtomFeed } from '../broadcasts/capFeed.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';

/**
 * `GET /api/cap/feed.atom`: the city's broadcasts as an Atom feed of CAP 1.2 alerts, for the
 * systems around it (a warning aggregator, a neighbouring city) — integrations, or anyone when
 * CAP_FEED_PUBLIC=1.
 */
export function capRouter(broadcasts: BroadcastService, directory: WorkerDirectory, auth: Authenticator, publicFeed: boolean, clock: () => number): Router {
  const router = Router();
  const readers = publicFeed ? (_req: Request, _res: Response, next: NextFunction) => next() : requireRole(auth, 'integration');
  router.get('/feed.atom', readers, async (req, res) => {
    const recent = await broadcasts.history(CAP_FEED_ENTRIES);
    const self = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl.split('?')[0]}`;
    res.type('application/atom+xml').send(capAtomFeed(recent, (b) => directory.areaOf(b.scope), self, clock()));
  });
  return router;
}
