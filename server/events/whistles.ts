import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent, Whistle, WhistleView } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { inOfficersArea, servesDistrict } from '../auth/areaPolicy.ts';
import { whistleStanding } from '../../common/domain/officerDeskView.ts';

/** How far ahead a whistle's deadline may be set, ms (7 days). */
export const MAX_WHISTLE_AHEAD_MS = 7 * 86_400_000;

export type WhistleRefusal = { code: 400 | 403 | 409; error: string; field?: string };

/**
 * 街乡吹哨: an officer summons departments to an open event in their area (street and district
 * officers in theirs, the city centre anywhere), each to report in (报到) by the deadline. One
 * whistle at a time: a second while the first is outstanding is refused.
 */
export function blowWhistle(event: CityEvent, principal: Principal, departments: readonly string[], deadlineAtMs: number, nowMs: number): Whistle | WhistleRefusal {
  if (!inOfficersArea(principal, event)) return { code: 403, error: `${event.id} lies outside your area (${principal.unit})` };
  if (event.duplicateOf) return { code: 409, error: `${event.id} is a duplicate of ${event.duplicateOf}; blow the whistle on that one` };
  if (CLOSED_STATES.has(event.state)) return { code: 409, error: `${event.id} is closed (${event.state})` };
  if (deadlineAtMs <= nowMs) return { code: 400, error: 'deadlineAtMs: must be in the future', field: 'deadlineAtMs' };
  if (deadlineAtMs > nowMs + MAX_WHISTLE_AHEAD_MS) return { code: 400, error: 'deadlineAtMs: at most 7 days ahead', field: 'deadlineAtMs' };
  if (event.whistle && event.whistle.departments.some((d) => d.reportedInAtMs === null)) return { code: 409, error: `${event.id} has a whistle outstanding (blown by ${event.whistle.by})` };
  return { by: principal.username, atMs: nowMs, deadlineAtMs, departments: departments.map((code) => ({ code, reportedInAtMs: null, by: null })) };
}

/** 部门报到: a department named by the whistle reports in; again changes nothing. */
export function reportIn(event: CityEvent, principal: Principal, nowMs: number): Whistle | WhistleRefusal {
  const whistle = event.whistle;
  if (!whistle) return { code: 409, error: `no whistle was blown on ${event.id}` };
  const named = whistle.departments.find((d) => d.code === principal.department);
  if (!named) return { code: 403, error: `${principal.department ?? 'your department'} is not named by the whistle on ${event.id}` };
  if (!servesDistrict(principal, event.districtCode)) return { code: 403, error: `${event.id} lies outside the district you serve (${principal.unit})` };
  if (named.reportedInAtMs !== null) return whistle;
  return { ...whistle, departments: whistle.departments.map((d) => (d === named ? { ...d, reportedInAtMs: nowMs, by: principal.username } : d)) };
}

/** The whistle as the desks and the board show it: each department reported in, waiting, or late. */
export function whistleView(whistle: Whistle, nowMs: number): WhistleView {
  return {
    ...whistle,
    departments: whistle.departments.map((d) => ({
      ...d,
      state: whistleStanding(d.reportedInAtMs, whistle.deadlineAtMs, nowMs),
    })),
  };
}

/**
 * After closure, the officer who may summon (street and district officers in their area, the city
 * centre anywhere) rates each summoned department 1–5; rating again replaces the earlier score.
 */
export function rateWhistle(event: CityEvent, principal: Principal, ratings: readonly { department: string; score: number; comment?: string }[], nowMs: number): Whistle | WhistleRefusal {
  if (!inOfficersArea(principal, event)) return { code: 403, error: `${event.id} lies outside your area (${principal.unit})` };
  const whistle = event.whistle;
  if (!whistle) return { code: 409, error: `no whistle was blown on ${event.id}` };
  if (!CLOSED_STATES.has(event.state)) return { code: 409, error: `${event.id} is not closed yet (${event.state}): departments are rated after 办结` };
  const stranger = ratings.find((r) => !whistle.departments.some((d) => d.code === r.department));
  if (stranger) return { code: 400, error: `ratings: ${stranger.department} was not summoned by the whistle on ${event.id}`, field: 'ratings' };
  const byDepartment = new Map(ratings.map((r) => [r.department, r]));
  return {
    ...whistle,
    departments: whistle.departments.map((d) => {
      const r = byDepartment.get(d.code);
      return r ? { ...d, rating: { score: r.score, comment: r.comment ?? null, by: principal.username, atMs: nowMs } } : d;
    }),
  };
}
