import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { BroadcastContent, type BroadcastDraft } from '../../common/domain/broadcasts.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { DraftStore } from '../broadcasts/draftStore.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { priorityOf, readCapAlert } from '../warnings/capIn.ts';
import { scopeOfAreas } from '../warnings/warningScope.ts';
import type { WarningStore } from '../warnings/warningStore.ts';
import { addressOf } from './authRouter.ts';

/** The media types a CAP alert arrives as. */
const XML_TYPES = ['application/xml', 'text/xml', 'application/cap+xml'];
/** A CAP alert with its polygons is a few kilobytes; a province's can be a few hundred. */
const MAX_ALERT_BYTES = '512kb';
const TITLE_MAX = 60;
const BODY_MAX = 2000;

/**
 * `POST /api/warnings` (integrations: the weather bureau's gateway): a CAP 1.2 alert, checked,
 * stored once by sender and identifier, its area placed on the city's units, and made a draft
 * broadcast for the duty officer (sent only when an officer approves it). An Update or Cancel
 * withdraws the drafts of the alerts it refers to that are still waiting; an Update makes its own.
 * 201 `{ id, draftBroadcastId }`; a repeat answers 200 with the first's.
 */
export function warningsRouter(
  parts: { geo: CityGeography; directory: WorkerDirectory; broadcasts: BroadcastService; drafts: DraftStore; warnings: WarningStore; audit: AuditLog; clock: () => number },
  auth: Authenticator,
): Router {
  const { geo, directory, broadcasts, drafts, warnings, audit, clock } = parts;
  const router = Router();
  router.post('/', requireRole(auth, 'integration'), express.text({ type: XML_TYPES, limit: MAX_ALERT_BYTES }), async (req, res) => {
    if (typeof req.body !== 'string' || !req.body) return void res.status(415).json({ error: `body: a CAP 1.2 alert as ${XML_TYPES.join(', ')}`, fields: ['body'] });
    const xml = req.body;
    const warning = readCapAlert(xml);
    if ('error' in warning) return void res.status(400).json({ error: `body: ${warning.error}`, fields: ['body'] });
    const seen = await warnings.find(warning.sender, warning.identifier);
    if (seen) return void res.json({ id: seen.id, draftBroadcastId: seen.draftId });
    const now = clock();
    const by = req.principal!.username;

    // An Update or a Cancel withdraws what the alerts it follows are still waiting on.
    for (const ref of warning.references) {
      const earlier = await warnings.find(ref.sender, ref.identifier);
      if (earlier?.draftId)
        await drafts.decide(earlier.draftId, {
          state: 'rejected',
          decidedBy: by,
          decidedAtMs: now,
          reason: `${warning.msgType === 'Cancel' ? '预警已解除 cancelled' : '预警已更新 updated'}: ${warning.identifier}`,
        });
    }

    let draftId: string | null = null;
    if ((warning.msgType === 'Alert' || warning.msgType === 'Update') && (warning.status === 'Actual' || warning.status === 'Exercise')) {
      const scope = scopeOfAreas(geo, warning.areas, (code) => directory.levelOf(code));
      if (!scope) return void res.status(400).json({ error: 'body: the alert’s area covers none of the city’s units', fields: ['body'] });
      const content = BroadcastContent.safeParse({
        title: warning.headline.slice(0, TITLE_MAX),
        body: [warning.description, warning.instruction].filter(Boolean).join('\n').slice(0, BODY_MAX) || warning.event,
        priority: priorityOf(warning),
        requiresConfirmation: true,
        exercise: warning.status === 'Exercise',
      });
      if (!content.success) return void res.status(400).json({ error: `body: ${content.error.issues[0]?.path.join('.')}: ${content.error.issues[0]?.message}`, fields: ['body'] });
      const request = { content: content.data, scope, confirmWithinMs: 600_000 };
      const draft: BroadcastDraft = {
        id: await broadcasts.reserveId(),
        sender: by,
        senderUnit: null,
        createdAtMs: now,
        request,
        targeted: broadcasts.countTargets(request),
        state: 'awaitingApproval',
        decidedBy: null,
        decidedAtMs: null,
        reason: null,
        source: { cap: { sender: warning.sender, identifier: warning.identifier, msgType: warning.msgType } },
      };
      await drafts.add(draft);
      draftId = draft.id;
    }
    const id = `WN${randomBytes(8).toString('hex').toUpperCase()}`;
    const stored = await warnings.add({
      id,
      sender: warning.sender,
      identifier: warning.identifier,
      msgType: warning.msgType,
      status: warning.status,
      receivedAtMs: now,
      receivedBy: by,
      draftId,
      xml,
    });
    if (!stored) {
      // The same alert arrived twice at once: the first stored wins, and this draft is withdrawn.
      if (draftId) await drafts.decide(draftId, { state: 'rejected', decidedBy: by, decidedAtMs: now, reason: 'duplicate alert' });
      const first = await warnings.find(warning.sender, warning.identifier);
      return void res.json({ id: first?.id ?? id, draftBroadcastId: first?.draftId ?? null });
    }
    await audit.record({
      actor: by,
      action: 'warning.received',
      target: id,
      address: addressOf(req),
      detail: { sender: warning.sender, identifier: warning.identifier, msgType: warning.msgType, draft: draftId },
    });
    res.status(201).json({ id, draftBroadcastId: draftId });
  });
  return router;
}
