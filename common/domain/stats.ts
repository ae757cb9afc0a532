import type { Category } from './categories.ts';
import type { EscalationLevel } from './eventRecords.ts';
import type { EventChannel, EventState } from './events.ts';

export interface EscalatedItem {
  id: string;
  category: Category;
  districtCode: string;
  streetCode: string;
  level: EscalationLevel;
  reason: 'signIn' | 'handling';
  atMs: number;
}

/** One department's or district's dispatch status: what it holds now and how today went. */
export interface DispatchStatusRow {
  /** A department code, or a district code. */
  code: string;
  /** Open events (any day) dispatched to it and not yet resolved. */
  backlog: number;
  /** Today's sign-ins (签收) and their mean time from dispatch, ms (null before any). */
  signIns: number;
  signInMeanMs: number | null;
  /** Today's resolutions, and the share resolved without being escalated (null before any judged). */
  resolved: number;
  onTimeRate: number | null;
  /** Departments summoned by a whistle and not yet reported in, on open events. */
  whistlesOutstanding: number;
  /** Today's returns (退回) by it, or in the district. */
  returns: number;
}

export interface DispatchStatus {
  byDepartment: DispatchStatusRow[];
  byDistrict: DispatchStatusRow[];
}

/**
 * Today's figures (Beijing day), as `GET /api/stats/today` returns them and the wall shows them.
 * Events are counted on the day they were received; duplicates are counted apart, not as jobs.
 */
export interface TodayStats {
  dayStartMs: number;
  asOfMs: number;
  total: number;
  duplicates: number;
  open: number;
  closed: number;
  /** 办结率: closed / total, 0..1 (1 when there is nothing yet). */
  completionRate: number;
  evaluated: number;
  satisfied: number;
  /** 满意率: satisfied / evaluated, 0..1; null until there is an evaluation (shown as —). */
  satisfactionRate: number | null;
  signIn: { count: number; meanMs: number; p90Ms: number };
  byChannel: Partial<Record<EventChannel, number>>;
  byCategory: Partial<Record<Category, number>>;
  byDistrict: Record<string, { total: number; open: number; closed: number }>;
  /** Events received per hour of the Beijing day, 24 entries. */
  byHour: number[];
  /** Where today's events stand now: the lifecycle funnel. */
  byState: Partial<Record<EventState, number>>;
  /** Open events (any day) past a deadline, and the latest of them (at most 10). */
  escalatedCount: number;
  escalated: EscalatedItem[];
  /** 派遣处置态势: per department and per district. */
  dispatch: DispatchStatus;
  /** The grid workers' day: reports from the field (网格巡查) and verifications (核查) done, in all and by district. */
  field: { reports: number; verified: number; byDistrict: Record<string, { reports: number; verified: number }> };
}
