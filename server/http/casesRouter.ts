import { type Response, Router } from 'express';
import { CaseListQuery, CloseCaseCommand, MeetingCommand, OpenCaseCommand } from '../../common/domain/cases.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { CaseResult, CaseService } from '../cases/caseService.ts';
import { addressOf } from './authRouter.ts';
import { badRequest } from './errors.ts';

/** Most cases a list returns (a city holds a few thousand a year). */
const MAX_LISTED = 500;

/**
 * 三跨 cases, for officers within their area: `POST /api/cases` opens one from events,
 * `GET /api/cases[?state]` lists them with the summary (held, closed, closedRate),
 * `GET /api/cases/:id`, `POST /api/cases/:id/meetings` records a joint meeting,
 * `POST /api/cases/:id/close` closes it with its resolution. Every write is audited.
 */
export function casesRouter(cases: CaseService, auth: Authenticator, audit: AuditLog): Router {
  const router = Router();
  const officers = requireRole(auth, 'officer');
  const refuse = (res: Response, r: Extract<CaseResult, { ok: false }>) =>
    void res.status(r.code).json({ error: r.error, ...(r.field ? { fields: [r.field] } : {}), ...(r.current ? { case: r.current } : {}) });

  router.get('/', officers, async (req, res) => {
    const query = CaseListQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    res.json(await cases.list(req.principal!, query.data.state, MAX_LISTED));
  });

  router.post('/', officers, async (req, res) => {
    const command = OpenCaseCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await cases.open(req.principal!, command.data);
    if (!result.ok) return refuse(res, result);
    await audit.record({
      actor: req.principal!.username,
      action: 'case.opened',
      target: result.case.id,
      address: addressOf(req),
      detail: { eventIds: result.case.eventIds, kinds: result.case.kinds },
    });
    res.status(201).json({ case: result.case });
  });

  router.get('/:id', officers, async (req, res) => {
    const result = await cases.get(req.principal!, String(req.params.id));
    if (!result.ok) return refuse(res, result);
    res.json({ case: result.case });
  });

  router.post('/:id/meetings', officers, async (req, res) => {
    const command = MeetingCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await cases.meeting(req.principal!, String(req.params.id), command.data);
    if (!result.ok) return refuse(res, result);
    await audit.record({
      actor: req.principal!.username,
      action: 'case.meeting',
      target: result.case.id,
      address: addressOf(req),
      detail: { atMs: command.data.atMs, participants: command.data.participants.length },
    });
    res.status(201).json({ case: result.case });
  });

  router.post('/:id/close', officers, async (req, res) => {
    const command = CloseCaseCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await cases.close(req.principal!, String(req.params.id), command.data.resolution);
    if (!result.ok) return refuse(res, result);
    await audit.record({ actor: req.principal!.username, action: 'case.closed', target: result.case.id, address: addressOf(req), detail: { resolution: command.data.resolution.slice(0, 200) } });
    res.json({ case: result.case });
  });
  return router;
}
