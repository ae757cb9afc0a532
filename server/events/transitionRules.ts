import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent, Dispatch, TransitionCommand } from '../../common/domain/eventRecords.ts';
import type { EventState } from '../../common/domain/events.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { dispatchedTo, inOfficersArea } from '../auth/areaPolicy.ts';

/** A step refused before the lifecycle is asked: not this caller's (403), or a field that cannot be (400). */
export type StepRefusal = { code: 400 | 403; error: string; field?: string };

/** 受理 立案 派遣 (一键直派, 会商, 包派) 退回 升级: the officer's steps, within their area. */
const OFFICER_STEPS: ReadonlySet<EventState> = new Set(['accepted', 'filed', 'dispatched', 'returned', 'escalated']);
/** 签收 处置 办结 退回: the dispatched department's steps. */
const DEPARTMENT_STEPS: ReadonlySet<EventState> = new Set(['signed', 'handling', 'resolved', 'returned']);

/**
 * Whether this caller may take this step on this event, by role: officers the officer's steps
 * within their area; a department its steps on events dispatched to it; integrations (the
 * hotline systems, the simulator) any step of the lifecycle, as the source systems they stand for.
 * A return needs its reason.
 */
export function stepRefusal(principal: Principal, event: CityEvent, command: TransitionCommand): StepRefusal | null {
  const to = command.to;
  if (to === 'returned' && !command.note) return { code: 400, error: 'note: a return needs its reason (退回原因)', field: 'note' };
  if (principal.role === 'officer') {
    if (!inOfficersArea(principal, event)) return { code: 403, error: `${event.id} lies outside your area (${principal.unit})` };
    if (!OFFICER_STEPS.has(to)) return { code: 403, error: `${to} is the dispatched department's step, not an officer's` };
  } else if (principal.role === 'department') {
    if (!dispatchedTo(principal, event)) return { code: 403, error: `${event.id} is not dispatched to ${principal.department ?? 'your department'}${principal.unit ? ` in ${principal.unit}` : ''}` };
    if (!DEPARTMENT_STEPS.has(to)) return { code: 403, error: `${to} is an officer's step, not a department's` };
  } else if (principal.role !== 'integration') return { code: 403, error: `a ${principal.role} account moves no event` };
  if (to !== 'dispatched' && (command.departments || command.leadDepartment || command.leader))
    return {
      code: 400,
      error: 'departments, leadDepartment and leader go with to: dispatched only',
      field: command.departments ? 'departments' : command.leadDepartment ? 'leadDepartment' : 'leader',
    };
  return null;
}

/**
 * Where a dispatch sends the event: the departments named (会商: several, one of them the lead),
 * a named leader (领导包派), or — with neither — where it went before or the category's own in its
 * district (派遣 in one click). Departments the city does not have are refused.
 */
export function dispatchOf(event: CityEvent, command: TransitionCommand, services: ServiceCatalogue): Dispatch | StepRefusal {
  for (const [field, codes] of [
    ['departments', command.departments ?? []],
    ['leadDepartment', command.leadDepartment ? [command.leadDepartment] : []],
  ] as const) {
    const unknown = services.unknown(codes);
    if (unknown.length) return { code: 400, error: `${field}: the city has no department ${unknown.join(', ')}`, field };
  }
  const departments = command.departments ?? [...(event.dispatch?.departments ?? services.departmentsFor(event.category, event.districtCode))];
  const lead = command.leadDepartment ?? (departments.length > 1 ? departments[0]! : null);
  if (lead !== null && !departments.includes(lead)) return { code: 400, error: `leadDepartment: ${lead} is not among the departments named`, field: 'leadDepartment' };
  if (command.leader) return { mode: 'leader', departments, lead, leader: command.leader };
  return { mode: departments.length > 1 ? 'joint' : 'direct', departments, lead, leader: null };
}
