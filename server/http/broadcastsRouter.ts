import { type Request, Router } from 'express';
import { z } from 'zod';
import type { Principal } from '../../common/domain/auth.ts';
import { type ApprovalRule, type Broadcast, BroadcastContent, type BroadcastDraft, BroadcastScope, BroadcastSendRequest, needsApproval, RejectDraftRequest } from '../../common/domain/broadcasts.ts';
import type { DraftStore } from '../broadcasts/draftStore.ts';
import { sendApprovedDraft } from '../broadcasts/approvalRecovery.ts';
import type { AuditAction, AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { officerScopeOf } from '../auth/areaPolicy.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import { toCap } from '../broadcasts/cap.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { addressOf } from './authRouter.ts';
import { badRequest } from './errors.ts';

export const PreviewRequest = z.object({ scope: BroadcastScope });
export const BroadcastUpdateRequest = z.object({ content: BroadcastContent });

/**
 * `POST /api/broadcasts` → 201 `{ id, targeted }`; progress, history, cancellation, stragglers and
 * the CAP 1.2 export. Only officers send, and only within their own part of the city; a broadcast
 * is amended (updated, cancelled) by its sender or an officer above them.
 */
export function broadcastsRouter(
  broadcasts: BroadcastService,
  directory: WorkerDirectory,
  auth: Authenticator,
  audit: AuditLog,
  approvals: { drafts: DraftStore; rules: ReadonlySet<ApprovalRule>; clock: () => number },
): Router {
  const router = Router();
  const officers = requireRole(auth, 'officer');
  const watchers = requireRole(auth, 'officer', 'wall');

  /** The scope's problems, or null: unknown units, nothing chosen, outside the officer's area. */
  const checkScope = (scope: BroadcastScope, principal: Principal): { status: 400 | 403; error: string; fields: string[] } | null => {
    if (!scope.city && scope.districts.length + scope.streets.length + scope.communities.length + scope.grids.length === 0)
      return { status: 400, error: 'scope: choose the city or at least one district, street, community or grid', fields: ['scope'] };
    const unknown = directory.unknownUnits(scope);
    if (unknown.length) return { status: 400, error: `scope: no such unit (${unknown.slice(0, 20).join('; ')})`, fields: [...new Set(unknown.map((u) => `scope.${u.split(':')[0]}`))] };
    const own = officerScopeOf(principal, (code) => directory.levelOf(code));
    if (!own || !directory.allows(own, scope)) return { status: 403, error: `${principal.username} may not send beyond ${own && own.level !== 'city' ? own.code : 'their area'}`, fields: ['scope'] };
    return null;
  };

  /** The sender, an officer whose area contains the sender's unit, and the city centre may amend a broadcast. */
  const mayAmend = (principal: Principal, broadcast: Broadcast): boolean => {
    const own = officerScopeOf(principal, (code) => directory.levelOf(code));
    if (!own) return false;
    return principal.username === broadcast.sender || own.level === 'city' || directory.above(own, broadcast.senderUnit ?? null);
  };

  const record = (req: Request, action: AuditAction, broadcast: Broadcast, detail: Record<string, unknown>) =>
    audit.record({ actor: req.principal!.username, action, target: broadcast.id, address: addressOf(req), detail: { title: broadcast.content.title, ...detail } });

  const found = (id: string) => broadcasts.get(id);

  router.post('/preview', officers, (req, res) => {
    const body = PreviewRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const problem = checkScope(body.data.scope, req.principal!);
    if (problem) return void res.status(problem.status).json({ error: problem.error, fields: problem.fields });
    res.json({ targeted: broadcasts.countTargets(body.data) });
  });

  router.post('/', officers, async (req, res) => {
    const body = BroadcastSendRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const problem = checkScope(body.data.scope, req.principal!);
    if (problem) return void res.status(problem.status).json({ error: problem.error, fields: problem.fields });
    const targeted = broadcasts.countTargets(body.data);
    if (targeted === 0) return void res.status(400).json({ error: 'scope: reaches no worker (check the roles)', fields: ['scope.roles'] });
    const principal = req.principal!;
    const { override, ...request } = body.data;
    const needed = needsApproval(approvals.rules, request);
    if (needed && !override) {
      // 审核: a draft, sent under its id once a second officer approves it.
      const draft: BroadcastDraft = {
        id: await broadcasts.reserveId(),
        sender: principal.username,
        senderUnit: principal.unit,
        createdAtMs: approvals.clock(),
        request,
        targeted,
        state: 'awaitingApproval',
        decidedBy: null,
        decidedAtMs: null,
        reason: null,
      };
      await approvals.drafts.add(draft);
      await audit.record({ actor: principal.username, action: 'broadcast.drafted', target: draft.id, address: addressOf(req), detail: { title: request.content.title, targeted } });
      return void res.status(202).json({ id: draft.id, state: draft.state, targeted });
    }
    const broadcast = await broadcasts.send(request, principal, needed && override ? { override: { by: principal.username, reason: override.reason } } : {});
    await record(req, 'broadcast.sent', broadcast, {
      targeted: broadcast.targeted,
      scope: broadcast.scope.city ? 'city' : 'units',
      ...(broadcast.override ? { override: broadcast.override.reason } : {}),
    });
    res.status(201).json({ id: broadcast.id, targeted: broadcast.targeted });
  });

  /** Whether an officer may decide on a draft: not its sender, and the draft's scope within their area. */
  const mayDecide = (principal: Principal, draft: BroadcastDraft): boolean => {
    const own = officerScopeOf(principal, (code) => directory.levelOf(code));
    return principal.username !== draft.sender && !!own && directory.allows(own, draft.request.scope);
  };

  // Drafts waiting for a second officer: those the caller sent, and those they may approve.
  router.get('/drafts', officers, async (req, res) => {
    const principal = req.principal!;
    const drafts = (await approvals.drafts.awaiting()).filter((d) => d.sender === principal.username || mayDecide(principal, d));
    res.json({ drafts: drafts.map((d) => ({ ...d, mayApprove: mayDecide(principal, d) })) });
  });

  router.post('/:id/approve', officers, async (req, res) => {
    const principal = req.principal!;
    const draft = await approvals.drafts.get(String(req.params.id));
    if (!draft) return void res.status(404).json({ error: `no draft ${req.params.id}` });
    if (draft.sender === principal.username) return void res.status(403).json({ error: `${draft.id} is your own: a second officer approves it` });
    if (!mayDecide(principal, draft)) return void res.status(403).json({ error: `${draft.id} reaches beyond your area: an officer whose area holds its scope approves it` });
    const decided = await approvals.drafts.decide(draft.id, { state: 'approved', decidedBy: principal.username, decidedAtMs: approvals.clock(), reason: null });
    if (!decided) return void res.status(409).json({ error: `${draft.id} was decided already`, draft: await approvals.drafts.get(draft.id) });
    let broadcast: Broadcast;
    try {
      broadcast = await sendApprovedDraft(broadcasts, draft, principal.username);
    } catch (error) {
      await approvals.drafts.reopen(draft);
      throw error;
    }
    await record(req, 'broadcast.approved', broadcast, { sender: draft.sender, targeted: broadcast.targeted });
    res.status(201).json({ id: broadcast.id, targeted: broadcast.targeted });
  });

  // Rejected by a second officer, or withdrawn by its sender.
  router.post('/:id/reject', officers, async (req, res) => {
    const body = RejectDraftRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const principal = req.principal!;
    const draft = await approvals.drafts.get(String(req.params.id));
    if (!draft) return void res.status(404).json({ error: `no draft ${req.params.id}` });
    if (draft.sender !== principal.username && !mayDecide(principal, draft)) return void res.status(403).json({ error: `${draft.id} reaches beyond your area` });
    const decided = await approvals.drafts.decide(draft.id, { state: 'rejected', decidedBy: principal.username, decidedAtMs: approvals.clock(), reason: body.data.reason });
    if (!decided) return void res.status(409).json({ error: `${draft.id} was decided already`, draft: await approvals.drafts.get(draft.id) });
    await audit.record({
      actor: principal.username,
      action: 'broadcast.rejected',
      target: draft.id,
      address: addressOf(req),
      detail: { title: draft.request.content.title, reason: body.data.reason },
    });
    res.json({ id: draft.id, state: decided.state });
  });

  router.get('/', watchers, async (_req, res) => {
    const history = await broadcasts.history(50);
    const progress = await Promise.all(history.map((b) => broadcasts.currentProgress(b.id)));
    res.json({ broadcasts: history.map((b, i) => ({ ...b, progress: progress[i] })) });
  });

  router.get('/:id', watchers, async (req, res) => {
    const broadcast = await found(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.json({ broadcast, progress: await broadcasts.currentProgress(broadcast.id) });
  });

  router.get('/:id/stragglers', officers, async (req, res) => {
    if (!(await found(String(req.params.id)))) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.json({ grids: await broadcasts.stragglers(String(req.params.id), officerScopeOf(req.principal!, (code) => directory.levelOf(code))!) });
  });

  router.post('/:id/cancel', officers, async (req, res) => {
    const broadcast = await found(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    if (!mayAmend(req.principal!, broadcast))
      return void res.status(403).json({ error: `${req.principal!.username} may not cancel ${broadcast.id}: only its sender (${broadcast.sender}) or an officer above them may` });
    const wasActive = broadcast.state === 'active';
    const cancelled = await broadcasts.cancel(broadcast.id, req.principal!.username);
    if (!cancelled) return void res.status(409).json({ error: `${broadcast.id} is no longer followed (older than a day)` });
    if (wasActive) await record(req, 'broadcast.cancelled', cancelled, {});
    res.json({ broadcast: cancelled });
  });

  router.post('/:id/update', officers, async (req, res) => {
    const broadcast = await found(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    if (!mayAmend(req.principal!, broadcast))
      return void res.status(403).json({ error: `${req.principal!.username} may not update ${broadcast.id}: only its sender (${broadcast.sender}) or an officer above them may` });
    const body = BroadcastUpdateRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const updated = await broadcasts.update(broadcast.id, body.data.content, req.principal!.username);
    if (updated === 'cancelled') return void res.status(409).json({ error: `${broadcast.id} is cancelled` });
    if (!updated) return void res.status(409).json({ error: `${broadcast.id} is no longer followed (older than a day)` });
    await record(req, 'broadcast.updated', updated, { previousTitle: broadcast.content.title });
    res.json({ broadcast: updated });
  });

  router.get('/:id/cap', watchers, async (req, res) => {
    const broadcast = await found(String(req.params.id));
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${req.params.id}` });
    res.type('application/xml').send(toCap(broadcast, directory.areaOf(broadcast.scope)));
  });
  return router;
}
