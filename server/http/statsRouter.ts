import { Router } from 'express';
import { requireRole } from '../auth/authMiddleware.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { EventService } from '../events/eventService.ts';
import type { DomainNow } from '../time/domainClock.ts';

export function statsRouter(events: EventService, auth: Authenticator, clock: DomainNow): Router {
  const router = Router();
  router.get('/today', requireRole(auth, 'wall', 'officer', 'integration'), (_req, res) => {
    res.json(events.aggregates.snapshot(clock()));
  });
  return router;
}
