import { Router } from 'express';
import { z } from 'zod';
import { BroadcastContent, BroadcastScope, BroadcastSendRequest } from '../../common/domain/broadcasts.ts';
import type { Account } from '../auth/accounts.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import { toCap } from '../broadcasts/cap.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { badRequest } from './errors.ts';

const PreviewRequest = z.object({ scope: BroadcastScope });

/**
 * `POST /api/broadcasts` → 201 `{ id, targeted }`; progress, history, cancellation, stragglers and
 * the CAP 1.2 export. Only officers send, and only within their own part of the city.
 */
export function broadcastsRouter(broadcasts: BroadcastService, directory: WorkerDirectory, tokens: TokenIssuer, accounts: readonly Account[]): Router {
  const router = Router();
  const officers = requireRole(tokens, 'officer');
  const watchers = requireRole(tokens, 'officer', 'wall');
  const officerScope = (username: string) => accounts.find((a) => a.username === username)?.scope ?? null;

  /** The scope's problems, or null: unknown units, nothing chosen, outside the officer's area. */
  const checkScope = (scope: BroadcastScope, username: string): { status: 400 | 403; error: string; fields: string[] } | null => {
    if (!scope.city && scope.districts.length + scope.streets.length + scope.communities.length + scope.grids.length === 0)
      return { status: 400, error: 'scope: choose the city or at least one district, street, community or grid', fields: ['scope'] };
    const unknown = directory.unknownUnits(scope);
    if (unknown.length) return { status: 400, error: `scope: no such unit (${unknown.join('; ')})`, fields: unknown.map((u) => `scope.${u.split(':')[0]}`) };
    const own = officerScope(username);
    if (!own || !directory.allows(own, scope)) return { status: 403, error: `${username} may not send beyond ${own && own.level !== 'city' ? own.code : 'their area'}`, fields: ['scope'] };
    return null;
  };

  router.post('/preview', officers, (req, res) => {
    const body = PreviewRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const problem = checkScope(body.data.scope, req.principal!.username);
    if (problem) return void res.status(problem.status).json({ error: problem.error, fields: problem.fields });
    res.json({ targeted: broadcasts.countTargets(body.data) });
  });

  router.post('/', officers, (req, res) => {
    const body = BroadcastSendRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const problem = checkScope(body.data.scope, req.principal!.username);
    if (problem) return void res.status(problem.status).json({ error: problem.error, fields: problem.fields });
    if (broadcasts.countTargets(body.data) === 0) return void res.status(400).json({ error: 'scope: reaches no worker (check the roles)', fields: ['scope.roles'] });
    const broadcast = broadcasts.send(body.data, req.principal!.username);
    res.status(201).json({ id: broadcast.id, targeted: broadcast.targeted });
  });

  router.get('/', watchers, (_req, res) => {
    res.json({ broadcasts: broadcasts.history(50).map((b) => ({ ...b, progress: broadcasts.progress(b.id) })) });
  });

  router.get('/:id', watchers, (req, res) => {
    const broadcast = broadcasts.get(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.json({ broadcast, progress: broadcasts.progress(broadcast.id) });
  });

  router.get('/:id/stragglers', officers, (req, res) => {
    if (!broadcasts.get(String(req.params.id))) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.json({ grids: broadcasts.stragglers(String(req.params.id)) });
  });

  router.post('/:id/cancel', officers, (req, res) => {
    const broadcast = broadcasts.get(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    const problem = checkScope(broadcast.scope, req.principal!.username);
    if (problem) return void res.status(403).json({ error: problem.error });
    res.json({ broadcast: broadcasts.cancel(broadcast.id) });
  });

  router.post('/:id/update', officers, (req, res) => {
    const body = z.object({ content: BroadcastContent }).safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const broadcast = broadcasts.get(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    const problem = checkScope(broadcast.scope, req.principal!.username);
    if (problem) return void res.status(403).json({ error: problem.error });
    const updated = broadcasts.update(broadcast.id, body.data.content);
    if (updated === 'cancelled') return void res.status(409).json({ error: `${broadcast.id} is cancelled` });
    res.json({ broadcast: updated });
  });

  router.get('/:id/cap', watchers, (req, res) => {
    const broadcast = broadcasts.get(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.type('application/xml').send(toCap(broadcast, directory.areaOf(broadcast.scope)));
  });
  return router;
}
