import type { Category } from './categories.ts';
import type { CityEvent, EscalationLevel } from './eventRecords.ts';
import { CLOSED_STATES, type EventChannel, type EventState } from './events.ts';
import type { TaskKind, TaskOutcome } from './tasks.ts';

/** An event as the officer's queue and map need it: where, what, whose, how late. */
export interface DeskEvent {
  id: string;
  category: Category;
  channel: EventChannel;
  state: EventState;
  /** The first line of the description, at most DESK_SUMMARY_CHARS. */
  summary: string;
  lng: number;
  lat: number;
  districtCode: string;
  streetCode: string;
  gridCode: string;
  receivedAtMs: number;
  dispatchedAtMs: number | null;
  signedAtMs: number | null;
  resolvedAtMs: number | null;
  departments: string[];
  lead: string | null;
  leader: string | null;
  duplicateOf: string | null;
  escalation: EscalationLevel | null;
  spansJurisdictions: boolean;
  /** When the running clock (签收, then 办结) runs out, epoch ms; null when none runs. */
  dueAtMs: number | null;
  /** 街乡吹哨: who blew it, the deadline, each department's report-in; null when never whistled. */
  whistle: { by: string; atMs: number; deadlineAtMs: number; departments: { code: string; reportedInAtMs: number | null; score: number | null }[] } | null;
  /** A grid worker's task on it: who, which, and how it stands. */
  task: { worker: string; kind: TaskKind; accepted: boolean; outcome: TaskOutcome | null } | null;
  version: number;
}

export const DESK_SUMMARY_CHARS = 80;

export function deskEventOf(event: CityEvent, dueAtMs: number | null): DeskEvent {
  return {
    id: event.id,
    category: event.category,
    channel: event.channel,
    state: event.state,
    summary: event.description.split('\n')[0]!.slice(0, DESK_SUMMARY_CHARS),
    lng: event.lng,
    lat: event.lat,
    districtCode: event.districtCode,
    streetCode: event.streetCode,
    gridCode: event.gridCode,
    receivedAtMs: event.receivedAtMs,
    dispatchedAtMs: event.dispatchedAtMs,
    signedAtMs: event.signedAtMs,
    resolvedAtMs: event.resolvedAtMs,
    departments: event.dispatch?.departments ?? [],
    lead: event.dispatch?.lead ?? null,
    leader: event.dispatch?.leader ?? null,
    duplicateOf: event.duplicateOf,
    escalation: event.escalation?.level ?? null,
    spansJurisdictions: event.spansJurisdictions ?? false,
    dueAtMs,
    whistle: event.whistle
      ? {
          by: event.whistle.by,
          atMs: event.whistle.atMs,
          deadlineAtMs: event.whistle.deadlineAtMs,
          departments: event.whistle.departments.map((d) => ({ code: d.code, reportedInAtMs: d.reportedInAtMs, score: d.rating?.score ?? null })),
        }
      : null,
    task: event.task ? { worker: event.task.worker, kind: event.task.kind, accepted: event.task.acceptedAtMs !== null, outcome: event.task.outcome } : null,
    version: event.version,
  };
}

/**
 * Why an event is on the officer's desk, if it is: a report to accept (受理), file (立案) or
 * dispatch (派遣), a duplicate to confirm, returned (退回), escalated, or overdue.
 */
export const DESK_REASONS = ['toAccept', 'toFile', 'toDispatch', 'duplicate', 'returned', 'escalated', 'overdue'] as const;
export type DeskReason = (typeof DESK_REASONS)[number];

/** A clock is "near" its end within this share of its target, or within NEAR_DUE_MAX_MS. */
export const NEAR_DUE_MAX_MS = 30 * 60_000;

export function deskReasons(e: DeskEvent, nowMs: number): DeskReason[] {
  const reasons: DeskReason[] = [];
  if (CLOSED_STATES.has(e.state)) return reasons;
  if (e.duplicateOf) return e.state === 'reported' ? ['duplicate'] : reasons;
  if (e.state === 'reported') reasons.push('toAccept');
  if (e.state === 'accepted') reasons.push('toFile');
  if (e.state === 'filed') reasons.push('toDispatch');
  if (e.state === 'returned') reasons.push('returned');
  if (e.state === 'escalated' || e.escalation) reasons.push('escalated');
  if (e.dueAtMs !== null && e.dueAtMs < nowMs) reasons.push('overdue');
  return reasons;
}

/** The queue's filters; every one unset shows everything in the officer's area. */
export interface DeskFilter {
  /** Only what waits on the officer (any reason). */
  mine?: boolean;
  state?: EventState | 'open' | 'closed';
  districtCode?: string;
  streetCode?: string;
  category?: Category;
  channel?: EventChannel;
  department?: string;
  /** Overdue, or within NEAR_DUE_MAX_MS of its clock running out. */
  sla?: 'overdue' | 'near';
  reason?: DeskReason;
}

export function matchesDeskFilter(e: DeskEvent, f: DeskFilter, nowMs: number): boolean {
  if (f.state === 'open' ? CLOSED_STATES.has(e.state) || e.duplicateOf !== null : f.state === 'closed' ? !CLOSED_STATES.has(e.state) : f.state && e.state !== f.state) return false;
  if (f.districtCode && e.districtCode !== f.districtCode) return false;
  if (f.streetCode && e.streetCode !== f.streetCode) return false;
  if (f.category && e.category !== f.category) return false;
  if (f.channel && e.channel !== f.channel) return false;
  if (f.department && !e.departments.includes(f.department)) return false;
  if (f.sla) {
    if (e.dueAtMs === null || CLOSED_STATES.has(e.state)) return false;
    if (f.sla === 'overdue' && e.dueAtMs >= nowMs) return false;
    if (f.sla === 'near' && (e.dueAtMs < nowMs || e.dueAtMs - nowMs > NEAR_DUE_MAX_MS)) return false;
  }
  if (f.mine || f.reason) {
    const reasons = deskReasons(e, nowMs);
    if (f.mine && reasons.length === 0) return false;
    if (f.reason && !reasons.includes(f.reason)) return false;
  }
  return true;
}

/** How many events each reason holds, among those that pass the other filters: the counts beside each filter. */
export function deskCounts(
  events: readonly DeskEvent[],
  f: DeskFilter,
  nowMs: number,
): { total: number; shown: number; mine: number; byReason: Record<DeskReason, number>; overdue: number; near: number } {
  const byReason = Object.fromEntries(DESK_REASONS.map((r) => [r, 0])) as Record<DeskReason, number>;
  const rest: DeskFilter = { ...f, reason: undefined, mine: undefined, sla: undefined };
  let shown = 0;
  let overdue = 0;
  let near = 0;
  let mine = 0;
  for (const e of events) {
    if (matchesDeskFilter(e, f, nowMs)) shown++;
    if (!matchesDeskFilter(e, rest, nowMs)) continue;
    const reasons = deskReasons(e, nowMs);
    if (reasons.length) mine++;
    for (const r of reasons) byReason[r]++;
    if (matchesDeskFilter(e, { sla: 'overdue' }, nowMs)) overdue++;
    else if (matchesDeskFilter(e, { sla: 'near' }, nowMs)) near++;
  }
  return { total: events.length, shown, mine, byReason, overdue, near };
}

/** Most urgent first: overdue and escalated, then by the clock running out, then newest. */
export function byUrgency(nowMs: number) {
  return (a: DeskEvent, b: DeskEvent): number => {
    const rank = (e: DeskEvent) => (CLOSED_STATES.has(e.state) ? 3 : e.dueAtMs !== null && e.dueAtMs < nowMs ? 0 : deskReasons(e, nowMs).length ? 1 : 2);
    return rank(a) - rank(b) || (a.dueAtMs ?? Infinity) - (b.dueAtMs ?? Infinity) || b.receivedAtMs - a.receivedAtMs;
  };
}

/** A summoned department's standing: reported in (on time or late), waiting, or late. */
export type WhistleStanding = 'reportedIn' | 'reportedInLate' | 'waiting' | 'late';

export function whistleStanding(reportedInAtMs: number | null, deadlineAtMs: number, nowMs: number): WhistleStanding {
  if (reportedInAtMs !== null) return reportedInAtMs <= deadlineAtMs ? 'reportedIn' : 'reportedInLate';
  return nowMs > deadlineAtMs ? 'late' : 'waiting';
}
