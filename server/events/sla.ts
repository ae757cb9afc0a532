import type { Category } from '../../common/domain/categories.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import type { CityEvent, Escalation, EscalationLevel } from '../../common/domain/eventRecords.ts';

export interface SlaTargets {
  /** 签收 target of the categories the city's files give none for (SIGN_IN_TARGET_MS), ms. */
  signInTargetMs: number;
  /** What the operating mode does to every sign-in target (汛期 shortens it): 1 in normal time. */
  signInTargetFactor: number;
  /** Multiplies every category's handling target: 1 in the city, small in tests and demos. */
  handlingTimeScale: number;
  /** Each category's own targets. */
  services: ServiceCatalogue;
}

/** The 签收 target of a category now, ms. */
export function signInTargetMsOf(targets: SlaTargets, category: Category): number {
  return Math.round((targets.services.policy(category).signInTargetMs ?? targets.signInTargetMs) * targets.signInTargetFactor);
}

/** The 办结 target of a category from dispatch, ms. */
export function handlingTargetMsOf(targets: SlaTargets, category: Category): number {
  return targets.services.policy(category).handlingTargetMs * targets.handlingTimeScale;
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
    periodMs = signInTargetMsOf(targets, event.category);
    overdueMs = nowMs - (event.dispatchedAtMs + periodMs);
  } else if (event.state === 'signed' || event.state === 'handling') {
    reason = 'handling';
    periodMs = handlingTargetMsOf(targets, event.category);
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
  if (event.state === 'dispatched' || event.state === 'escalated') return event.dispatchedAtMs + signInTargetMsOf(targets, event.category);
  if (event.state === 'signed' || event.state === 'handling') return event.dispatchedAtMs + handlingTargetMsOf(targets, event.category);
  return null;
}
