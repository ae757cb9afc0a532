import { Router } from 'express';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { departmentQueue } from '../events/departmentQueue.ts';
import type { SlaTargets } from '../events/sla.ts';
import type { EventService } from '../events/eventService.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** Most events a desk is sent at once: a department's open work, most urgent first. */
const MAX_QUEUE = 500;

/**
 * `GET /api/desk/queue`: a department's desk — the open events dispatched to it (in its district,
 * if it serves one), the one whose clock runs out first at the top, with `dueAtMs`.
 */
export function departmentDeskRouter(events: EventService, auth: Authenticator, sla: () => SlaTargets, clock: DomainNow): Router {
  const router = Router();
  router.get('/queue', requireRole(auth, 'department'), (req, res) => {
    const queue = departmentQueue(
      req.principal!,
      events.openEvents(() => true),
      sla(),
    );
    res.json({ serverTimeMs: clock(), total: queue.length, items: queue.slice(0, MAX_QUEUE) });
  });
  return router;
}
