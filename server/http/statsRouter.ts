import { Router } from 'express';
import { requireRole } from '../auth/authMiddleware.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import type { EventService } from '../events/eventService.ts';

export function statsRouter(events: EventService, tokens: TokenIssuer, clock: () => number): Router {
  const router = Router();
  router.get('/today', requireRole(tokens, 'wall', 'officer', 'integration'), (_req, res) => {
    res.json(events.aggregates.snapshot(clock()));
  });
  return router;
}
