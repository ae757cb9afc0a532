import type { TrackPoint } from '../../common/domain/field.ts';
import { distanceKm } from '../../common/geo/projection.ts';
import { beijingDayStartMs } from '../time/beijingDay.ts';

/** Two stored fixes further apart than this are two patrols, not one walk, ms. */
export const PATROL_GAP_MS = 5 * 60_000;

/** One worker's patrol on one Beijing day: time and distance walked between stored fixes. */
export interface PatrolDay {
  worker: string;
  /** The Beijing day's start, epoch ms. */
  dayStartMs: number;
  patrolMs: number;
  patrolM: number;
}

/**
 * What a newly stored fix adds to its worker's patrol: the step from the previous stored fix,
 * when it is at most PATROL_GAP_MS old, counted on the new fix's Beijing day; null otherwise.
 * The same rule the assessment's figures are defined by, applied once per fix as it is stored,
 * so that an assessment over a month reads a row per worker and day, not every fix. Pure.
 */
export function patrolStep(worker: string, previous: TrackPoint | null, next: TrackPoint): PatrolDay | null {
  if (!previous) return null;
  const gapMs = next.atMs - previous.atMs;
  if (gapMs <= 0 || gapMs > PATROL_GAP_MS) return null;
  return { worker, dayStartMs: beijingDayStartMs(next.atMs), patrolMs: gapMs, patrolM: distanceKm([previous.lng, previous.lat], [next.lng, next.lat]) * 1000 };
}

/** Steps summed per worker and day: one row each to add to the store. */
export function sumPatrolDays(steps: readonly PatrolDay[]): PatrolDay[] {
  const byKey = new Map<string, PatrolDay>();
  for (const s of steps) {
    const key = `${s.worker}@${s.dayStartMs}`;
    const sum = byKey.get(key);
    if (sum) (sum.patrolMs += s.patrolMs), (sum.patrolM += s.patrolM);
    else byKey.set(key, { ...s });
  }
  return [...byKey.values()];
}
