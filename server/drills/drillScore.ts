import type { BroadcastScope } from '../../common/domain/broadcasts.ts';
import type { StoredDelivery } from '../store/broadcastRepository.ts';

/** The 10-second promise: a broadcast delivered to every phone within this, ms. */
export const PROMISE_MS = 10_000;

/** One unit's score in a drill: how many it targeted, how many had it and confirmed, and how fast. */
export interface UnitScore {
  code: string;
  name: string;
  targeted: number;
  delivered: number;
  confirmed: number;
  /** From sending until 50 %, 90 % and 100 % of the unit's targets had it, ms; null: never reached. */
  p50Ms: number | null;
  p90Ms: number | null;
  p100Ms: number | null;
  /** The share of the unit's targets that had it within 10 s (0–1). */
  within10s: number;
}

/** A target as the score needs it: their units and whether and when they answered. */
export interface ScoredTarget {
  worker: string;
  district: string;
  street: string;
  grid: string;
}

/** The time by which `share` of `targeted` had it: the ⌈share × targeted⌉-th fastest delivery; null when fewer delivered. */
export function timeToShare(sortedLatenciesMs: readonly number[], targeted: number, share: number): number | null {
  const needed = Math.ceil(share * targeted);
  if (needed === 0) return 0;
  return sortedLatenciesMs.length >= needed ? sortedLatenciesMs[needed - 1]! : null;
}

/** A unit's score from its targets' delivery latencies (ms after sending, any order) and its confirmations. */
export function unitScore(code: string, name: string, targeted: number, latenciesMs: number[], confirmed: number): UnitScore {
  const sorted = latenciesMs.sort((a, b) => a - b);
  return {
    code,
    name,
    targeted,
    delivered: sorted.length,
    confirmed,
    p50Ms: timeToShare(sorted, targeted, 0.5),
    p90Ms: timeToShare(sorted, targeted, 0.9),
    p100Ms: timeToShare(sorted, targeted, 1),
    within10s: targeted === 0 ? 0 : sorted.filter((ms) => ms <= PROMISE_MS).length / targeted,
  };
}

/** A whole drill's score, as one unit (its id as the code): a point of the trend. */
export function overallScore(id: string, title: string, sentAtMs: number, workers: readonly string[], receipts: readonly StoredDelivery[]): UnitScore {
  const targeted = new Set(workers);
  const answered = receipts.filter((r) => targeted.has(r.worker));
  const latencies = answered.flatMap((r) => (r.deliveredAtMs == null ? [] : [Math.max(0, r.deliveredAtMs - sentAtMs)]));
  return unitScore(id, title, targeted.size, latencies, answered.filter((r) => r.confirmedAtMs != null).length);
}

/** Whether two broadcasts went to the same units and roles (their order aside): drills of one scope make a trend. */
export function sameScope(a: BroadcastScope, b: BroadcastScope): boolean {
  const key = (s: BroadcastScope) => JSON.stringify([s.city, ...[s.districts, s.streets, s.communities, s.grids, s.roles].map((list) => [...list].sort())]);
  return key(a) === key(b);
}

/**
 * A drill's scores per district, street and grid, from the stored receipts: each unit's
 * delivered and confirmed counts, its time to 50, 90 and 100 % against the 10-second line, and
 * its share within it. Each list is ranked: the most within 10 s first, then the most confirmed,
 * then the fastest to 90 %. Pure: the same receipts give the same scores on every node.
 */
export function scoreDrill(
  sentAtMs: number,
  targets: readonly ScoredTarget[],
  receipts: readonly StoredDelivery[],
  nameOf: (code: string) => string,
): { districts: UnitScore[]; streets: UnitScore[]; grids: UnitScore[] } {
  const byWorker = new Map(receipts.map((r) => [r.worker, r]));
  const tally = (level: 'district' | 'street' | 'grid'): UnitScore[] => {
    const units = new Map<string, { targeted: number; confirmed: number; latencies: number[] }>();
    for (const target of targets) {
      const unit = units.get(target[level]) ?? { targeted: 0, confirmed: 0, latencies: [] };
      units.set(target[level], unit);
      unit.targeted++;
      const receipt = byWorker.get(target.worker);
      if (receipt?.deliveredAtMs != null) unit.latencies.push(Math.max(0, receipt.deliveredAtMs - sentAtMs));
      if (receipt?.confirmedAtMs != null) unit.confirmed++;
    }
    const scores = [...units].map(([code, u]) => unitScore(code, nameOf(code), u.targeted, u.latencies, u.confirmed));
    return scores.sort((a, b) => b.within10s - a.within10s || b.confirmed / b.targeted - a.confirmed / a.targeted || (a.p90Ms ?? Infinity) - (b.p90Ms ?? Infinity) || a.code.localeCompare(b.code));
  };
  return { districts: tally('district'), streets: tally('street'), grids: tally('grid') };
}
