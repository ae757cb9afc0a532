import { z } from 'zod';
import { CategorySchema } from '../../../common/domain/categories.ts';
import { EscalationLevel } from '../../../common/domain/eventRecords.ts';
import { EventChannel, EventState } from '../../../common/domain/events.ts';
import type { DispatchStatus, DispatchStatusRow, EscalatedItem, TodayStats } from '../../../common/domain/stats.ts';
import { sameShape } from './sameShape.ts';

const count = () => z.number().int().min(0);
/** A share, 0..1. */
const rate = () => z.number().min(0).max(1);

/** An open event past a deadline: which clock ran out, the level it went to, and when (epoch ms). */
export const EscalatedItemAnswer = z.object({
  id: z.string(),
  category: CategorySchema,
  districtCode: z.string(),
  streetCode: z.string(),
  level: EscalationLevel,
  reason: z.enum(['signIn', 'handling']),
  atMs: z.number(),
});
sameShape<z.output<typeof EscalatedItemAnswer>, EscalatedItem>(true);

/** One department's or district's dispatch status: its backlog now and how today went. */
export const DispatchStatusRowAnswer = z.object({
  /** A department code, or a district code. */
  code: z.string(),
  backlog: count(),
  signIns: count(),
  /** Mean time from dispatch to 签收, ms; null before any. */
  signInMeanMs: z.number().nullable(),
  resolved: count(),
  onTimeRate: rate().nullable(),
  whistlesOutstanding: count(),
  returns: count(),
});
sameShape<z.output<typeof DispatchStatusRowAnswer>, DispatchStatusRow>(true);

export const DispatchStatusAnswer = z.object({ byDepartment: z.array(DispatchStatusRowAnswer), byDistrict: z.array(DispatchStatusRowAnswer) });
sameShape<z.output<typeof DispatchStatusAnswer>, DispatchStatus>(true);

/** Today's figures (Beijing day); times are epoch ms, durations ms. */
export const TodayStatsAnswer = z.object({
  dayStartMs: z.number(),
  asOfMs: z.number(),
  total: count(),
  duplicates: count(),
  open: count(),
  closed: count(),
  /** 办结率: closed / total (1 when there is nothing yet). */
  completionRate: rate(),
  evaluated: count(),
  satisfied: count(),
  /** 满意率: satisfied / evaluated; null until there is an evaluation. */
  satisfactionRate: rate().nullable(),
  signIn: z.object({ count: count(), meanMs: z.number(), p90Ms: z.number() }),
  byChannel: z.partialRecord(EventChannel, count()),
  byCategory: z.partialRecord(CategorySchema, count()),
  /** By district code. */
  byDistrict: z.record(z.string(), z.object({ total: count(), open: count(), closed: count() })),
  /** Events received per hour of the Beijing day. */
  byHour: z.array(count()).length(24),
  byState: z.partialRecord(EventState, count()),
  escalatedCount: count(),
  /** The latest of them, at most 10. */
  escalated: z.array(EscalatedItemAnswer),
  dispatch: DispatchStatusAnswer,
  field: z.object({ reports: count(), verified: count(), byDistrict: z.record(z.string(), z.object({ reports: count(), verified: count() })) }),
});
sameShape<z.output<typeof TodayStatsAnswer>, TodayStats>(true);
