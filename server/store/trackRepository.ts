import type { TrackPoint } from '../../common/domain/field.ts';
import type { PatrolDay } from '../field/patrolTally.ts';

/** A worker's patrol summed over a period. */
export interface PatrolTotal {
  worker: string;
  patrolMs: number;
  patrolM: number;
}

/**
 * Grid workers' patrol tracks (downsampled points), in the store every node shares, and each
 * worker's patrol per day (time and distance), kept longer than the points: assessments read the
 * days, a few rows per worker, never the points.
 */
export interface TrackRepository {
  /** Appends points, each with its worker, and adds to the workers' days, in one transaction; resolves once committed. */
  append(points: readonly (TrackPoint & { worker: string })[], patrol: readonly PatrolDay[]): Promise<void>;
  /** A worker's points within [fromMs, toMs), oldest first. */
  pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]>;
  /** Each worker's last kept point within (fromMs, toMs], at most `limit` workers: where the workers were at a past moment. */
  lastPointsBetween(fromMs: number, toMs: number, limit: number): Promise<TrackPoint[]>;
  /** Every worker's patrol over the Beijing days starting within [fromMs, toMs), summed. */
  patrolBetween(fromMs: number, toMs: number): Promise<PatrolTotal[]>;
}
