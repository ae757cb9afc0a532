import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent, Transition, TransitionCommand } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { inOfficersArea } from '../auth/areaPolicy.ts';

export type MergeRefusal = { code: 400 | 403 | 409; error: string; field?: string; current?: CityEvent };

/**
 * Merge as duplicate (`duplicateOf: id`) or unmerge (`duplicateOf: null`): an officer's step
 * within their area (integrations too). A merged event is one more report of the other and no
 * job of its own; unmerged, it is a job again, from the state it is in. The state stays, or goes
 * 上报 → 受理 (the officer accepting the report as a duplicate, or as its own). Pure: the caller
 * reads the target and passes the time.
 */
export function planMerge(
  event: CityEvent,
  command: TransitionCommand,
  target: CityEvent | null,
  principal: Principal,
  nowMs: number,
): { next: CityEvent; transitions: Transition[] } | { ok: true; event: CityEvent } | MergeRefusal {
  if (principal.role === 'officer') {
    if (!inOfficersArea(principal, event)) return { code: 403, error: `${event.id} lies outside your area (${principal.unit})` };
  } else if (principal.role !== 'integration') return { code: 403, error: 'merging duplicates is an officer’s step' };
  if (command.departments || command.leadDepartment || command.leader)
    return {
      code: 400,
      error: 'departments, leadDepartment and leader go with a dispatch, not a merge',
      field: command.departments ? 'departments' : command.leadDepartment ? 'leadDepartment' : 'leader',
    };
  const to = command.to;
  if (to !== event.state && !(event.state === 'reported' && to === 'accepted'))
    return { code: 400, error: `to: a merge keeps the state (${event.state})${event.state === 'reported' ? ' or accepts the report (accepted)' : ''}`, field: 'to' };
  if (CLOSED_STATES.has(event.state)) return { code: 409, error: `${event.id} is closed (${event.state})`, current: event };
  const into = command.duplicateOf ?? null;
  if (into === null) {
    if (!event.duplicateOf) return { code: 409, error: `${event.id} is not merged into another event`, current: event };
  } else {
    if (into === event.id) return { code: 400, error: 'duplicateOf: an event cannot be a duplicate of itself', field: 'duplicateOf' };
    if (!target) return { code: 400, error: `duplicateOf: no event ${into}`, field: 'duplicateOf' };
    if (principal.role === 'officer' && !inOfficersArea(principal, target)) return { code: 403, error: `duplicateOf: ${into} lies outside your area (${principal.unit})`, field: 'duplicateOf' };
    if (target.duplicateOf) return { code: 409, error: `${into} is itself a duplicate of ${target.duplicateOf}; merge into that one`, current: event };
    if (event.duplicateOf === into && to === event.state) return { ok: true, event };
  }
  const note = command.note ?? (into ? `合并至 ${into}` : `取消合并（原属 ${event.duplicateOf}）`);
  return {
    next: { ...event, duplicateOf: into, state: to, escalation: into ? null : event.escalation },
    transitions: [{ eventId: event.id, from: event.state, to, actor: principal.username, atMs: nowMs, note }],
  };
}
