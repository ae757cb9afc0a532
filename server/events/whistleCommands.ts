import type { Principal } from '../../common/domain/auth.ts';
import { blowWhistle, rateWhistle, reportIn } from './whistles.ts';
import type { CommandResult, EventActions } from './commands.ts';

/** 街乡吹哨: an officer summons departments to the event, each to report in by the deadline (written against the event's version). */
export function whistleOn(events: EventActions, id: string, principal: Principal, departments: readonly string[], deadlineAtMs: number, nowMs: () => number): Promise<CommandResult> {
  return events.act(id, (event) => {
    const whistle = blowWhistle(event, principal, departments, deadlineAtMs, nowMs());
    return 'code' in whistle ? { ok: false, ...whistle, current: whistle.code === 409 ? event : undefined } : { next: { ...event, whistle }, transitions: [] };
  });
}

/** 部门报到: a department named by the event's whistle reports in (again: nothing changes). */
export function reportInOn(events: EventActions, id: string, principal: Principal, nowMs: () => number): Promise<CommandResult> {
  return events.act(id, (event) => {
    const whistle = reportIn(event, principal, nowMs());
    if ('code' in whistle) return { ok: false, ...whistle };
    return whistle === event.whistle ? { ok: true, event } : { next: { ...event, whistle }, transitions: [] };
  });
}

/** After closure, the officer rates the summoned departments (written against the event's version). */
export function rateWhistleOn(events: EventActions, id: string, principal: Principal, ratings: Parameters<typeof rateWhistle>[2], nowMs: () => number): Promise<CommandResult> {
  return events.act(id, (event) => {
    const whistle = rateWhistle(event, principal, ratings, nowMs());
    return 'code' in whistle ? { ok: false, ...whistle, current: whistle.code === 409 ? event : undefined } : { next: { ...event, whistle }, transitions: [] };
  });
}
