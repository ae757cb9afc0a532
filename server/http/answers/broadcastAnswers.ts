import { z } from 'zod';
import { type Broadcast, type BroadcastContent, type BroadcastDraft, BroadcastPriority, type BroadcastProgress, type BroadcastScope } from '../../../common/domain/broadcasts.ts';
import { WorkerRole } from '../../../common/domain/workers.ts';
import type { GridStragglerList } from '../../broadcasts/stragglers.ts';
import { sameShape } from './sameShape.ts';

/** What a broadcast says, as stored. */
export const BroadcastContentAnswer = z.object({
  title: z.string(),
  body: z.string(),
  priority: BroadcastPriority,
  requiresConfirmation: z.boolean(),
  exercise: z.boolean(),
});
sameShape<z.output<typeof BroadcastContentAnswer>, BroadcastContent>(true);

/** Who a broadcast reaches: the whole city or these units' codes, narrowed to these roles (empty: every role). */
export const BroadcastScopeAnswer = z.object({
  city: z.boolean(),
  districts: z.array(z.string()),
  streets: z.array(z.string()),
  communities: z.array(z.string()),
  grids: z.array(z.string()),
  roles: z.array(WorkerRole),
});
sameShape<z.output<typeof BroadcastScopeAnswer>, BroadcastScope>(true);

/** A broadcast as stored; times in epoch ms, `confirmWithinMs` in ms. */
export const BroadcastAnswer = z.object({
  id: z.string(),
  sender: z.string(),
  /** The sender's unit when sending (null: the city centre); absent on older records. */
  senderUnit: z.string().nullable().optional(),
  updatedBy: z.string().optional(),
  cancelledBy: z.string().optional(),
  sentAtMs: z.number(),
  content: BroadcastContentAnswer,
  scope: BroadcastScopeAnswer,
  targeted: z.number().int(),
  state: z.enum(['active', 'cancelled']),
  cancelledAtMs: z.number().optional(),
  updatedAtMs: z.number().optional(),
  confirmWithinMs: z.number(),
  escalatedAtMs: z.number().optional(),
  /** A second officer's approval, when it needed one. */
  approval: z.object({ draftedAtMs: z.number(), approvedBy: z.string() }).optional(),
  /** Sent at once without the approval it needed: by whom and why. */
  override: z.object({ by: z.string(), reason: z.string() }).optional(),
});
sameShape<z.output<typeof BroadcastAnswer>, Broadcast>(true);

/** How a broadcast is landing: counts of workers, times in epoch ms, delivery percentiles in ms (null until known). */
export const BroadcastProgressAnswer = z.object({
  id: z.string(),
  title: z.string(),
  priority: BroadcastPriority,
  state: z.enum(['active', 'cancelled']),
  sentAtMs: z.number(),
  targeted: z.number().int(),
  delivered: z.number().int(),
  confirmed: z.number().int(),
  offline: z.number().int(),
  connected: z.number().int(),
  connectedReached: z.number().int(),
  connectedReachedAtMs: z.number().nullable(),
  waitingOffline: z.number().int(),
  p50DeliveryMs: z.number().nullable(),
  p99DeliveryMs: z.number().nullable(),
  allDeliveredAtMs: z.number().nullable(),
  byDistrict: z.array(z.object({ code: z.string(), targeted: z.number().int(), delivered: z.number().int() })),
});
sameShape<z.output<typeof BroadcastProgressAnswer>, BroadcastProgress>(true);

/** A broadcast waiting for a second officer, or how that ended; times in epoch ms. */
export const BroadcastDraftAnswer = z.object({
  id: z.string(),
  sender: z.string(),
  senderUnit: z.string().nullable(),
  createdAtMs: z.number(),
  request: z.object({ content: BroadcastContentAnswer, scope: BroadcastScopeAnswer, confirmWithinMs: z.number() }),
  targeted: z.number().int(),
  state: z.enum(['awaitingApproval', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAtMs: z.number().nullable(),
  /** Why it was rejected. */
  reason: z.string().nullable(),
  /** The CAP warning it was made from. */
  source: z.object({ cap: z.object({ sender: z.string(), identifier: z.string(), msgType: z.string() }) }).optional(),
});
sameShape<z.output<typeof BroadcastDraftAnswer>, BroadcastDraft>(true);

/** `POST /api/broadcasts/preview`: the workers the scope reaches. */
export const PreviewAnswer = z.object({ targeted: z.number().int() });

/** `POST /api/broadcasts` 201, and an approval: sent, under this id, to this many workers. */
export const BroadcastSentAnswer = z.object({ id: z.string(), targeted: z.number().int() });

/** `POST /api/broadcasts` 202: kept as a draft for a second officer. */
export const BroadcastDraftedAnswer = z.object({ id: z.string(), state: z.literal('awaitingApproval'), targeted: z.number().int() });

/** `GET /api/broadcasts/drafts`: each with whether the caller may approve it. */
export const DraftListAnswer = z.object({ drafts: z.array(BroadcastDraftAnswer.extend({ mayApprove: z.boolean() })) });

/** `POST /api/broadcasts/:id/reject`. */
export const DraftRejectedAnswer = z.object({ id: z.string(), state: z.literal('rejected') });

/** `GET /api/broadcasts`: the recent broadcasts, each with its progress (null once no longer followed). */
export const BroadcastListAnswer = z.object({ broadcasts: z.array(BroadcastAnswer.extend({ progress: BroadcastProgressAnswer.nullable() })) });

/** `GET /api/broadcasts/:id`: the broadcast and its progress (null once no longer followed). */
export const BroadcastWithProgressAnswer = z.object({ broadcast: BroadcastAnswer, progress: BroadcastProgressAnswer.nullable() });

/** `POST /api/broadcasts/:id/update` and `/cancel`: the broadcast as it is now. */
export const BroadcastAmendedAnswer = z.object({ broadcast: BroadcastAnswer });

/** A grid's workers who have not confirmed: its leader (null: none) and, per worker, whether the phone has it. */
export const GridStragglerListAnswer = z.object({
  gridCode: z.string(),
  leader: z.string().nullable(),
  workers: z.array(z.object({ id: z.string(), name: z.string(), delivered: z.boolean() })),
});
sameShape<z.output<typeof GridStragglerListAnswer>, GridStragglerList>(true);

/** `GET /api/broadcasts/:id/stragglers`: by grid, within the caller's area. */
export const StragglersAnswer = z.object({ grids: z.array(GridStragglerListAnswer) });
