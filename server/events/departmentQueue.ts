import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { nextDeadlineMs, type SlaTargets } from './sla.ts';
import { dispatchedTo } from '../auth/areaPolicy.ts';

/** An event on a department's desk, with the clock it is running against. */
export interface DeskItem {
  event: CityEvent;
  /** When the running clock (签收, or 办结 once signed) runs out, epoch ms. */
  dueAtMs: number | null;
}

/** The department's steps still to take: 签收, then 处置 and 办结. */
const ON_DESK = new Set(['dispatched', 'escalated', 'signed', 'handling']);

/** A department's queue: the open events dispatched to it, the one whose clock runs out first at the top. */
export function departmentQueue(principal: Principal, open: readonly CityEvent[], sla: SlaTargets): DeskItem[] {
  return open
    .filter((e) => ON_DESK.has(e.state) && dispatchedTo(principal, e))
    .map((event) => ({ event, dueAtMs: nextDeadlineMs(event, sla) }))
    .sort((a, b) => (a.dueAtMs ?? Infinity) - (b.dueAtMs ?? Infinity) || a.event.id.localeCompare(b.event.id));
}
