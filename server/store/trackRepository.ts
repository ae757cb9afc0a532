import type { TrackPoint } from '../../common/domain/field.ts';

/** Grid workers' patrol tracks (downsampled points), in the store every node shares. */
export interface TrackRepository {
  /** Appends points, each with its worker, in one transaction; resolves once committed. */
  append(points: readonly (TrackPoint & { worker: string })[]): Promise<void>;
  /** A worker's points within [fromMs, toMs), oldest first. */
  pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]>;
  /** Every point within [fromMs, toMs), by worker then time (for assessments over a bounded period). */
  pointsBetween(fromMs: number, toMs: number): Promise<(TrackPoint & { worker: string })[]>;
  /** Forgets points older than this (tracks are kept a bounded number of days). */
  deleteBefore(ms: number): Promise<number>;
}
