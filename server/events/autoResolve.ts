import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import type { EventState } from '../../common/domain/events.ts';

/** The next step towards 办结 from each open state, for events closed by their source. */
const TOWARDS_RESOLVED: Record<Exclude<EventState, 'resolved' | 'evaluated'>, EventState> = {
  reported: 'accepted',
  accepted: 'filed',
  filed: 'dispatched',
  dispatched: 'signed',
  signed: 'handling',
  handling: 'resolved',
  returned: 'dispatched',
  escalated: 'dispatched',
};

/**
 * An open event walked along the lifecycle to 办结 in one go (its cause went away: a sensor back
 * to normal), each step recorded with the actor and note. Pure: the caller passes the time.
 */
export function walkToResolved(event: CityEvent, actor: string, note: string, nowMs: number): { next: CityEvent; transitions: Transition[] } {
  const transitions: Transition[] = [];
  let next = event;
  while (next.state !== 'resolved') {
    const to = TOWARDS_RESOLVED[next.state as keyof typeof TOWARDS_RESOLVED];
    transitions.push({ eventId: event.id, from: next.state, to, actor, atMs: nowMs, note });
    next = { ...next, state: to, signedAtMs: to === 'signed' ? nowMs : next.signedAtMs, dispatchedAtMs: to === 'dispatched' ? nowMs : next.dispatchedAtMs };
  }
  return { next: { ...next, resolvedAtMs: nowMs, escalation: null }, transitions };
}
