import { z } from 'zod';
import { storableText } from './text.ts';
import { WorkerRole } from './workers.ts';
import { UnitCode } from './geo.ts';

/** 特急 / 紧急 / 一般: the highest takes the worker's whole screen. */
export const BroadcastPriority = z.enum(['flash', 'urgent', 'normal']);
export type BroadcastPriority = z.infer<typeof BroadcastPriority>;

export const BROADCAST_PRIORITY_LABELS: Record<BroadcastPriority, { zh: string; en: string }> = {
  flash: { zh: '特急', en: 'Flash' },
  urgent: { zh: '紧急', en: 'Urgent' },
  normal: { zh: '一般', en: 'Normal' },
};

/** Who a broadcast reaches: the whole city, or units at any level, optionally narrowed by role. */
/** Most unit codes one scope list may name: every grid of the largest district fits. */
export const MAX_SCOPE_UNITS = 5000;
const UnitCodes = z
  .array(UnitCode)
  .max(MAX_SCOPE_UNITS, `must name at most ${MAX_SCOPE_UNITS} units`)
  .default([])
  .transform((codes) => [...new Set(codes)]);

export const BroadcastScope = z.object({
  city: z.boolean().default(false),
  districts: UnitCodes,
  streets: UnitCodes,
  communities: UnitCodes,
  grids: UnitCodes,
  /** Empty means every role. */
  roles: z.array(WorkerRole).max(8).default([]),
});
export type BroadcastScope = z.infer<typeof BroadcastScope>;

/** C0 and C1 control characters (XML 1.0 cannot carry most of them); a body keeps its line breaks and tabs. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const BroadcastContent = z.object({
  title: storableText(60)
    .min(1, 'is required')
    .refine((t) => !CONTROL.test(t), 'must not contain control characters'),
  body: storableText(2000)
    .min(1, 'is required')
    .refine((t) => !CONTROL_BUT_LINES.test(t), 'must not contain control characters other than line breaks and tabs'),
  priority: BroadcastPriority,
  requiresConfirmation: z.boolean(),
  exercise: z.boolean().default(false),
});
export type BroadcastContent = z.infer<typeof BroadcastContent>;

/** Per worker, a broadcast is sent, then delivered (automatic receipt), then confirmed (by hand). */
export const DeliveryState = z.enum(['pending', 'delivered', 'confirmed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const BroadcastSendRequest = z.object({
  content: BroadcastContent,
  scope: BroadcastScope,
  /** Unconfirmed workers are listed for their grid leaders after this long, ms (default 10 minutes). */
  confirmWithinMs: z.number().int().min(1000, 'must be at least 1000 ms').max(86_400_000).default(600_000),
  /**
   * Send at once a broadcast that needs a second officer's approval (BROADCAST_APPROVAL), when
   * there is no time: the reason is recorded, shown with the broadcast and in the audit log.
   */
  override: z.object({ reason: storableText(200).min(1, 'is required') }).optional(),
});
export type BroadcastSendRequest = z.infer<typeof BroadcastSendRequest>;

export interface Broadcast {
  id: string;
  sender: string;
  /** The sender's unit when sending (null: the city centre); who may amend it follows from it. Absent on records from before it was kept. */
  senderUnit?: string | null;
  /** Who changed the content last, and who cancelled it. */
  updatedBy?: string;
  cancelledBy?: string;
  sentAtMs: number;
  content: BroadcastContent;
  scope: BroadcastScope;
  targeted: number;
  state: 'active' | 'cancelled';
  cancelledAtMs?: number;
  /** When the content was last changed after sending. */
  updatedAtMs?: number;
  confirmWithinMs: number;
  /** When the unconfirmed were listed for their grid leaders. */
  escalatedAtMs?: number;
  /** A second officer's approval, when it needed one (BROADCAST_APPROVAL): the 10-second clock runs from it. */
  approval?: { draftedAtMs: number; approvedBy: string };
  /** Sent at once without the approval it needed: by whom and why. */
  override?: { by: string; reason: string };
}

/** Sent to a grid leader when workers of their grid have not confirmed by the deadline. */
export interface GridStragglers {
  id: string;
  title: string;
  gridCode: string;
  workers: { id: string; name: string; delivered: boolean }[];
}

/** What lands on a worker's phone. */
export interface WorkerBroadcast {
  id: string;
  sentAtMs: number;
  title: string;
  body: string;
  priority: BroadcastPriority;
  requiresConfirmation: boolean;
  exercise: boolean;
  sender: string;
  /** Who changed the content after sending, when someone did. */
  updatedBy?: string;
  /** Who cancelled it, when someone did. */
  cancelledBy?: string;
}

/** How a broadcast is landing: the figures the console and the wall draw against the 10 s line. */
export interface BroadcastProgress {
  id: string;
  title: string;
  priority: BroadcastPriority;
  state: Broadcast['state'];
  sentAtMs: number;
  targeted: number;
  delivered: number;
  confirmed: number;
  /** Targeted workers not connected right now. */
  offline: number;
  /** What a duty officer reads first: of the targeted phones connected now, how many have it… */
  connected: number;
  connectedReached: number;
  /** …and when every phone connected at that moment first had it (null until then). */
  connectedReachedAtMs: number | null;
  /** Not connected and not yet delivered: they get it the moment they connect. */
  waitingOffline: number;
  p50DeliveryMs: number | null;
  p99DeliveryMs: number | null;
  /** When the last targeted worker received it; null until all have. */
  allDeliveredAtMs: number | null;
  /** Per district reached: how many targeted and delivered (the wall fills the map with it). */
  byDistrict: { code: string; targeted: number; delivered: number }[];
}

/** Which broadcasts an officer may not send alone (BROADCAST_APPROVAL): city-wide ones, flash ones. */
export const APPROVAL_RULES = ['city', 'flash'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

/** A broadcast waiting for a second officer (审核), or how that ended. */
export interface BroadcastDraft {
  id: string;
  sender: string;
  senderUnit: string | null;
  createdAtMs: number;
  request: Omit<BroadcastSendRequest, 'override'>;
  targeted: number;
  state: 'awaitingApproval' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAtMs: number | null;
  /** Why it was rejected. */
  reason: string | null;
  /** A warning another system sent (CAP), which this draft was made from. */
  source?: { cap: { sender: string; identifier: string; msgType: string } };
}

/** Whether a broadcast needs a second officer under the rules in force. */
export const needsApproval = (rules: ReadonlySet<ApprovalRule>, request: Pick<BroadcastSendRequest, 'content' | 'scope'>): boolean =>
  (rules.has('city') && request.scope.city === true) || (rules.has('flash') && request.content.priority === 'flash');

/** `POST /api/broadcasts/:id/reject`. */
export const RejectDraftRequest = z.object({ reason: storableText(200).min(1, 'is required') });
