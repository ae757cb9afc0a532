import { Router } from 'express';
import { HandoverQuery } from '../../common/domain/handover.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { handoverBrief, type HandoverSources } from '../handover/handoverBrief.ts';
import type { DomainNow } from '../time/domainClock.ts';
import { badRequest } from './errors.ts';

/**
 * `GET /api/handover?from=<ms>&to=<ms>` (officers): 交接班 — the outgoing shift's brief over the
 * caller's area (at most a week), generated from the store, with its sentences in zh-CN.
 */
export function handoverRouter(sources: HandoverSources, auth: Authenticator, domainNow: DomainNow): Router {
  const router = Router();
  router.get('/', requireRole(auth, 'officer'), async (req, res) => {
    const query = HandoverQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    res.json(await handoverBrief(req.principal!, query.data.from, query.data.to, domainNow(), sources));
  });
  return router;
}
