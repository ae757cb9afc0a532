import { z } from 'zod';
import { storableText } from './text.ts';
import { type Category, CategorySchema, type DispatchMode } from './categories.ts';
import { EventChannel, EventState } from './events.ts';
import { Latitude, Longitude } from './geo.ts';
import { DEPARTMENTS_PER_COMMAND_MAX, DepartmentCode } from './departments.ts';
import type { FieldTask } from './tasks.ts';
import { Crs, toWgs84 } from '../geo/crs.ts';

/** A photo or video link: http(s) only (no `javascript:`, `data:` or `file:`), of a sane length. */
export const MediaUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters');

/** How far ahead a source's clock may run, ms (5 minutes), and how old a report may be, ms (30 days). */
const REPORTED_AHEAD_MS = 5 * 60_000;
const REPORTED_WITHIN_MS = 30 * 86_400_000;

/** When a report was made, epoch ms: within the last 30 days and not more than 5 minutes ahead. */
export const ReportedAtMs = z
  .number()
  .int()
  .refine((ms) => ms <= Date.now() + REPORTED_AHEAD_MS, 'must not be in the future (more than 5 minutes ahead)')
  .refine((ms) => ms >= Date.now() - REPORTED_WITHIN_MS, 'must be within the last 30 days');

/** One report as it arrives at `POST /api/events` (alone, or up to 1,000 in an array). */
export const EventReport = z.object({
  channel: EventChannel,
  category: CategorySchema,
  description: storableText(2000).min(1, 'is required'),
  /** In `crs` (WGS-84 unless said). Every event is located to its grid; an address alone cannot be (no geocoder yet). */
  location: z.object({ lng: Longitude, lat: Latitude, address: storableText(200).optional() }),
  /** The system `location` is in: wgs84 (the default), gcj02 (Amap, Tencent) or bd09 (Baidu); stored as WGS-84. */
  crs: Crs.optional().describe('the coordinate system of location: wgs84 (default), gcj02 (Amap, Tencent) or bd09 (Baidu); stored as WGS-84'),
  mediaUrls: z.array(MediaUrl).max(10, 'at most 10').default([]),
  reporter: z.object({ name: storableText(50).optional(), phone: storableText(30).optional() }).default({}),
  reportedAtMs: ReportedAtMs.optional(),
  /** The source system's id: the same channel and external id twice is one event. */
  externalId: storableText(128).min(1, 'must not be empty').optional(),
  /** Cross-region, cross-level or cross-department (三跨): goes to a leader. */
  spansJurisdictions: z.boolean().default(false),
});
export type EventReport = z.infer<typeof EventReport>;

/** A report with its location in WGS-84, whatever system it was sent in. */
export function inWgs84<R extends EventReport>(report: R): R {
  if (!report.crs || report.crs === 'wgs84') return report;
  const [lng, lat] = toWgs84(report.crs, report.location.lng, report.location.lat);
  return { ...report, crs: 'wgs84', location: { ...report.location, lng, lat } };
}

/** A report as the intake takes it: what was sent, and — set by the server, never by the sender — the grid worker who made it. */
export type IntakeReport = EventReport & { reportedBy?: string };

export const MAX_BATCH = 1000;
export const EventReportBatch = z.array(EventReport).min(1, 'must not be empty').max(MAX_BATCH, `at most ${MAX_BATCH} events per request`);

export const EscalationLevel = z.enum(['street', 'district', 'city']);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

export interface Dispatch {
  mode: DispatchMode;
  departments: string[];
  /** 会商: the department that leads (absent on events dispatched before there was one). */
  lead?: string | null;
  /** 领导包派: the leader named to take it. */
  leader?: string | null;
}

export interface Escalation {
  level: EscalationLevel;
  /** Which clock ran out: sign-in (签收) or handling (办结). */
  reason: 'signIn' | 'handling';
  atMs: number;
}

/** An event as the server keeps and shows it. */
export interface CityEvent {
  id: string;
  externalId: string | null;
  channel: z.infer<typeof EventChannel>;
  category: Category;
  description: string;
  address: string | null;
  lng: number;
  lat: number;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  gridCode: string;
  state: z.infer<typeof EventState>;
  /** Set on a report linked to an earlier one about the same problem; it is not a job of its own. */
  duplicateOf: string | null;
  dispatch: Dispatch | null;
  reportedAtMs: number;
  receivedAtMs: number;
  dispatchedAtMs: number | null;
  signedAtMs: number | null;
  resolvedAtMs: number | null;
  satisfied: boolean | null;
  escalation: Escalation | null;
  mediaUrls: string[];
  /** 三跨: the report spans districts, levels or departments (a case for the board). */
  spansJurisdictions?: boolean;
  /** Who reported it, as they gave it (hotline callers, photo reporters): shown to officers only. */
  reporter?: Reporter | null;
  /** The grid worker who reported it from the field (网格巡查), by account. */
  reportedBy?: string | null;
  /** A grid worker's task on it (核查 / 即时办), the last given. */
  task?: FieldTask | null;
  /** 街乡吹哨: the departments summoned to it, and who has reported in (absent: never whistled). */
  whistle?: Whistle | null;
  /** 1 when stored, one more with each change: a writer holding an older version is refused (409). */
  version: number;
}

export interface Reporter {
  name: string | null;
  phone: string | null;
}

/** 街乡吹哨、部门报到: who blew it and when, the deadline, and each department's report-in. */
export interface Whistle {
  by: string;
  atMs: number;
  deadlineAtMs: number;
  departments: { code: string; reportedInAtMs: number | null; by: string | null; rating?: WhistleRating | null }[];
}

/** After closure, the officer's rating of a department that was summoned (streets hold the right to rate): 1–5. */
export interface WhistleRating {
  score: number;
  comment: string | null;
  by: string;
  atMs: number;
}

/** A whistle as shown: each department reported in (on time or late), waiting, or late. */
export interface WhistleView extends Omit<Whistle, 'departments'> {
  departments: (Whistle['departments'][number] & { state: 'reportedIn' | 'reportedInLate' | 'waiting' | 'late' })[];
}

/** `POST /api/events/:id/whistle`: the departments summoned and the deadline (epoch ms). */
export const WhistleCommand = z.object({
  departments: z
    .array(DepartmentCode)
    .min(1, 'at least one')
    .max(DEPARTMENTS_PER_COMMAND_MAX, `at most ${DEPARTMENTS_PER_COMMAND_MAX}`)
    .refine((codes) => new Set(codes).size === codes.length, 'must not repeat a department'),
  deadlineAtMs: z.number({ error: 'must be epoch milliseconds' }).int('must be whole milliseconds'),
});

/** `POST /api/events/:id/whistle/ratings`: the officer rates summoned departments after closure. */
export const WhistleRatingCommand = z.object({
  ratings: z
    .array(
      z.object({
        department: DepartmentCode,
        score: z.number({ error: 'must be a whole number 1–5' }).int('must be a whole number 1–5').min(1, 'at least 1').max(5, 'at most 5'),
        comment: storableText(200).optional(),
      }),
    )
    .min(1, 'at least one')
    .max(DEPARTMENTS_PER_COMMAND_MAX, `at most ${DEPARTMENTS_PER_COMMAND_MAX}`)
    .refine((r) => new Set(r.map((x) => x.department)).size === r.length, 'must not repeat a department'),
});

export interface Transition {
  eventId: string;
  from: z.infer<typeof EventState> | null;
  to: z.infer<typeof EventState>;
  actor: string;
  atMs: number;
  note: string | null;
}

/**
 * `POST /api/events/:id/transitions`: the next step, and with a dispatch where it goes — the
 * departments (会商: several, one the lead) or a named leader (包派); none: the category's own.
 */
export const TransitionCommand = z.object({
  to: EventState,
  note: storableText(500).min(1, 'must not be empty').optional(),
  departments: z
    .array(DepartmentCode)
    .min(1, 'at least one')
    .max(DEPARTMENTS_PER_COMMAND_MAX, `at most ${DEPARTMENTS_PER_COMMAND_MAX}`)
    .refine((codes) => new Set(codes).size === codes.length, 'must not repeat a department')
    .optional(),
  leadDepartment: DepartmentCode.optional(),
  leader: storableText(50).min(1, 'must not be empty').optional(),
  /**
   * Merge: the event is one more report of this one and no job of its own (`to` stays the
   * event's state, or 受理 from 上报). null: unmerge — it becomes a job of its own again.
   */
  duplicateOf: z
    .string()
    .regex(/^EV\d{9,12}$/, 'must be an event id such as EV000000042')
    .nullable()
    .optional(),
});
export type TransitionCommand = z.infer<typeof TransitionCommand>;

export const EvaluationCommand = z.object({
  satisfied: z.boolean({ error: 'must be true or false' }),
  comment: storableText(500).optional(),
});
