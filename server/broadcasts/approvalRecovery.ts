import type { Broadcast, BroadcastDraft } from '../../common/domain/broadcasts.ts';
import type { Logger } from '../logger.ts';
import type { BroadcastService } from './broadcastService.ts';
import type { DraftStore } from './draftStore.ts';

/** An approval is looked at only this long after it was decided, ms: the approving request sends within milliseconds. */
export const APPROVAL_SEND_GRACE_MS = 60_000;

/** Sends an approved draft as its sender drafted it, under its id and with its approval: the clock starts now. */
export function sendApprovedDraft(broadcasts: BroadcastService, draft: BroadcastDraft, approvedBy: string): Promise<Broadcast> {
  return broadcasts.send(
    { ...draft.request },
    { username: draft.sender, role: 'officer', unit: draft.senderUnit },
    {
      id: draft.id,
      approval: { draftedAtMs: draft.createdAtMs, approvedBy },
    },
  );
}

/**
 * Sends the approved drafts a node died before sending (between the decision's commit and the
 * broadcast's): under their own ids, with their approval, as the approver meant. Run now and
 * then by the node holding the SLA duty, so by one node at a time.
 */
export async function sendApprovalsLeftUnsent(drafts: DraftStore, broadcasts: BroadcastService, nowMs: number, logger: Logger): Promise<number> {
  const unsent = await drafts.approvedUnsent(nowMs - APPROVAL_SEND_GRACE_MS);
  for (const draft of unsent) {
    await sendApprovedDraft(broadcasts, draft, draft.decidedBy ?? 'unknown');
    logger.warn({ broadcast: draft.id, approvedBy: draft.decidedBy }, 'an approved broadcast left unsent by a node that stopped was sent now');
  }
  return unsent.length;
}
