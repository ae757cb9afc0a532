import { z } from 'zod';
import { CategorySchema } from '../../../common/domain/categories.ts';
import { EVENT_CHANGE_TYPES, type EventChange } from '../../../common/domain/eventChanges.ts';
import {
  type CityEvent,
  type Dispatch,
  type Escalation,
  EscalationLevel,
  type Reporter,
  type Transition,
  type Whistle,
  type WhistleRating,
  type WhistleView,
} from '../../../common/domain/eventRecords.ts';
import { EventChannel, EventState } from '../../../common/domain/events.ts';
import { type FieldTask, TASK_KINDS, TASK_OUTCOMES } from '../../../common/domain/tasks.ts';
import type { DeskItem } from '../../events/departmentQueue.ts';
import type { IntakeOutcome } from '../../events/intake.ts';
import type { AttachmentInfo } from '../../store/attachmentRepository.ts';
import type { DomainClock } from '../../time/domainClock.ts';
import { ErrorAnswer } from '../apiOperation.ts';
import { sameShape } from './sameShape.ts';

/** Where an event went: the departments (会商: one the lead) or a named leader (包派). */
export const DispatchAnswer = z.object({
  mode: z.enum(['direct', 'joint', 'leader']),
  departments: z.array(z.string()),
  lead: z.string().nullable().optional(),
  leader: z.string().nullable().optional(),
});
sameShape<z.output<typeof DispatchAnswer>, Dispatch>(true);

/** Which clock ran out (签收 or 办结), the level it was raised to, and when (epoch ms). */
export const EscalationAnswer = z.object({ level: EscalationLevel, reason: z.enum(['signIn', 'handling']), atMs: z.number() });
sameShape<z.output<typeof EscalationAnswer>, Escalation>(true);

/** Who reported an event, as they gave it: null for those who may not read contacts. */
export const ReporterAnswer = z.object({ name: z.string().nullable(), phone: z.string().nullable() });
sameShape<z.output<typeof ReporterAnswer>, Reporter>(true);

/** A grid worker's task on an event (核查 / 即时办); times are epoch ms. */
export const FieldTaskAnswer = z.object({
  worker: z.string(),
  kind: z.enum(TASK_KINDS),
  assignedBy: z.string(),
  assignedAtMs: z.number(),
  note: z.string().nullable(),
  acceptedAtMs: z.number().nullable(),
  completedAtMs: z.number().nullable(),
  outcome: z.enum(TASK_OUTCOMES).nullable(),
  report: z.string().nullable(),
});
sameShape<z.output<typeof FieldTaskAnswer>, FieldTask>(true);

/** The officer's 1–5 rating of a summoned department, given after closure (epoch ms). */
export const WhistleRatingAnswer = z.object({ score: z.number().int().min(1).max(5), comment: z.string().nullable(), by: z.string(), atMs: z.number() });
sameShape<z.output<typeof WhistleRatingAnswer>, WhistleRating>(true);

const WhistleDepartmentAnswer = z.object({ code: z.string(), reportedInAtMs: z.number().nullable(), by: z.string().nullable(), rating: WhistleRatingAnswer.nullable().optional() });

/** 街乡吹哨 as kept on the event: who blew it, when, the deadline (epoch ms), each department's report-in. */
export const WhistleAnswer = z.object({ by: z.string(), atMs: z.number(), deadlineAtMs: z.number(), departments: z.array(WhistleDepartmentAnswer) });
sameShape<z.output<typeof WhistleAnswer>, Whistle>(true);

/** A whistle as shown: each department reported in (on time or late), waiting, or late. */
export const WhistleViewAnswer = WhistleAnswer.extend({
  departments: z.array(WhistleDepartmentAnswer.extend({ state: z.enum(['reportedIn', 'reportedInLate', 'waiting', 'late']) })),
});
sameShape<z.output<typeof WhistleViewAnswer>, WhistleView>(true);

/**
 * An event as the server shows it. To a caller who may not read its contacts the reporter is
 * null, mediaUrls empty, and description and address redacted — the same shape.
 * Times are epoch ms; lng and lat WGS-84 degrees.
 */
export const CityEventAnswer = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  channel: EventChannel,
  category: CategorySchema,
  description: z.string(),
  address: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  districtCode: z.string(),
  streetCode: z.string(),
  communityCode: z.string(),
  gridCode: z.string(),
  state: EventState,
  duplicateOf: z.string().nullable(),
  dispatch: DispatchAnswer.nullable(),
  reportedAtMs: z.number(),
  receivedAtMs: z.number(),
  dispatchedAtMs: z.number().nullable(),
  signedAtMs: z.number().nullable(),
  resolvedAtMs: z.number().nullable(),
  satisfied: z.boolean().nullable(),
  escalation: EscalationAnswer.nullable(),
  mediaUrls: z.array(z.string()),
  spansJurisdictions: z.boolean().optional(),
  reporter: ReporterAnswer.nullable().optional(),
  reportedBy: z.string().nullable().optional(),
  task: FieldTaskAnswer.nullable().optional(),
  whistle: WhistleAnswer.nullable().optional(),
  /** 1 when stored, one more with each change: what a writer's 409 is judged against. */
  version: z.number().int().min(1),
});
sameShape<z.output<typeof CityEventAnswer>, CityEvent>(true);

/** One step of an event's history (from null: its intake), epoch ms. */
export const TransitionAnswer = z.object({ eventId: z.string(), from: EventState.nullable(), to: EventState, actor: z.string(), atMs: z.number(), note: z.string().nullable() });
sameShape<z.output<typeof TransitionAnswer>, Transition>(true);

/** What intake made of one report: created, linked as a duplicate, or the event its externalId already names. */
export const IntakeResultAnswer = z.object({
  id: z.string(),
  status: z.enum(['created', 'duplicate', 'existing']),
  duplicateOf: z.string().nullable(),
  state: EventState,
  gridCode: z.string(),
});
sameShape<z.output<typeof IntakeResultAnswer>, Pick<CityEvent, 'id' | 'duplicateOf' | 'state' | 'gridCode'> & Pick<IntakeOutcome, 'status'>>(true);

/** `POST /api/events` 200: the report's externalId was seen, its event as it is. */
export const IntakeExistingAnswer = IntakeResultAnswer.extend({ status: z.literal('existing') });
/** `POST /api/events` 201: one report's result, or a batch's, one per report in order. */
export const IntakeAnswer = z.union([IntakeResultAnswer, z.object({ results: z.array(IntakeResultAnswer) })]);

export const EventListAnswer = z.object({ events: z.array(CityEventAnswer) });

/** One change of the feed: the event as it was right after, the cursor only growing; epoch ms. */
export const EventChangeAnswer = z.object({ cursor: z.number().int().min(1), type: z.enum(EVENT_CHANGE_TYPES), eventId: z.string(), atMs: z.number(), event: CityEventAnswer });
sameShape<z.output<typeof EventChangeAnswer>, EventChange>(true);

/** A page of the change feed, and the cursor to read on from (past every change read, shown or not). */
export const EventChangesAnswer = z.object({ changes: z.array(EventChangeAnswer), next: z.number().int().min(0) });

/** 410 from the change feed: the oldest change still kept (null: none) and the cursor to read on from. */
export const ChangesGoneAnswer = ErrorAnswer.extend({ oldest: z.number().int().nullable(), resumeAfter: z.number().int().min(0) });

/** A photo of an event: where to fetch it and its thumbnail. */
export const AttachmentLinkAnswer = z.object({ id: z.string(), url: z.string(), thumbnailUrl: z.string() });

/** A photo as an event's detail lists it: its links, size (px, bytes), who added it and when (epoch ms). */
export const AttachmentListingAnswer = AttachmentLinkAnswer.extend({ width: z.number().int(), height: z.number().int(), bytes: z.number().int(), by: z.string(), atMs: z.number() });
sameShape<z.output<typeof AttachmentListingAnswer>, Omit<AttachmentInfo, 'eventId' | 'contentType'> & z.output<typeof AttachmentLinkAnswer>>(true);

/** `GET /api/events/:id`: the event, its history, its whistle as shown, and its photos (none to those who may not read contacts). */
export const EventDetailAnswer = z.object({
  event: CityEventAnswer,
  history: z.array(TransitionAnswer),
  whistle: WhistleViewAnswer.nullable(),
  attachments: z.array(AttachmentListingAnswer),
});

/** A step taken, an evaluation given: the event as it now is. */
export const EventAnswer = z.object({ event: CityEventAnswer });

/** A command on an event refused with 409 (its state, or changed meanwhile): the event as it is now, as the caller may see it. */
export const EventConflictAnswer = ErrorAnswer.extend({ event: CityEventAnswer.optional() });

/** `POST /api/events/:id/whistle` 201: the whistle as shown and the event. */
export const WhistleBlownAnswer = z.object({ whistle: WhistleViewAnswer, event: CityEventAnswer });
/** A report-in or a rating: the whistle as shown now. */
export const WhistleOnlyAnswer = z.object({ whistle: WhistleViewAnswer });

/** The time of the city's affairs, epoch ms; speed ×1 unless a simulator drives it. */
export const ClockStatusAnswer = z.object({ nowMs: z.number(), speed: z.number().positive(), simulated: z.boolean() });
sameShape<z.output<typeof ClockStatusAnswer>, DomainClock['status']>(true);
export const ClockAnswer = z.object({ clock: ClockStatusAnswer });

/** An event on a department's desk and when its running clock (签收, or 办结 once signed) runs out, epoch ms. */
export const DeskItemAnswer = z.object({ event: CityEventAnswer, dueAtMs: z.number().nullable() });
sameShape<z.output<typeof DeskItemAnswer>, DeskItem>(true);

/** `GET /api/desk/queue`: the server's domain time (epoch ms), how many are on the desk, and the first of them. */
export const DeskQueueAnswer = z.object({ serverTimeMs: z.number(), total: z.number().int().min(0), items: z.array(DeskItemAnswer) });
