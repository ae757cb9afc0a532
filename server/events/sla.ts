import { CATEGORIES } from '../../common/domain/categories.ts';
import type { CityEvent, Escalation, EscalationLevel } from '../../common/domain/eventRecords.ts';

export interface SlaTargets {
  signInTargetMs: number;
  /** Multiplies every category's handling target: 1 in the city, small in tests and demos. */
  handlingTimeScale: number;
}

const LADDER: EscalationLevel[] = ['street', 'district', 'city'];

/**
 * 街乡吹哨、部门报到: when a clock runs out the street blows the whistle; each further target
 * period without progress raises it a level (district, then city). Returns the escalation the
 * event should now carry, or null while within target. Pure: the caller passes the time.
 */
export function escalationAt(event: CityEvent, nowMs: number, targets: SlaTargets): Escalation | null {
  if (event.duplicateOf || event.dispatchedAtMs === null) return null;
  let reason: Escalation['reason'];
  let overdueMs: number;
  let periodMs: number;
  if (event.state === 'dispatched' || event.state === 'escalated') {
    reason = 'signIn';
    periodMs = targets.signInTargetMs;
    overdueMs = nowMs - (event.dispatchedAtMs + periodMs);
  } else if (event.state === 'signed' || event.state === 'handling') {
    reason = 'handling';
    periodMs = CATEGORIES[event.category].handlingTargetMs * targets.handlingTimeScale;
    overdueMs = nowMs - (event.dispatchedAtMs + periodMs);
  } else return null;
  if (overdueMs < 0) return null;
  const level = LADDER[Math.min(LADDER.length - 1, Math.floor(overdueMs / periodMs))]!;
  if (event.escalation && event.escalation.reason === reason && event.escalation.level === level) return event.escalation;
  return { level, reason, atMs: nowMs };
}

/** When this event's next escalation could happen, for the sweep's schedule; null if never. */
export function nextDeadlineMs(event: CityEvent, targets: SlaTargets): number | null {
  if (event.duplicateOf || event.dispatchedAtMs === null) return null;
  if (event.state === 'dispatched' || event.state === 'escalated') return event.dispatchedAtMs + targets.signInTargetMs;
  if (event.state === 'signed' || event.state === 'handling') return event.dispatchedAtMs + CATEGORIES[event.category].handlingTargetMs * targets.handlingTimeScale;
  return null;
}
