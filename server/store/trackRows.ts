import type { TrackPoint } from '../../common/domain/field.ts';
import type { PatrolTotal } from './trackRepository.ts';

/** The track tables' rows and their mappers, once for both twins (sqliteTrackRepository.ts, postgresTrackRepository.ts). */

/** A track_points row as read; at_ms in epoch milliseconds, lng/lat in degrees. */
export type TrackPointRow = { lng: number; lat: number; at_ms: number };

export const trackPointOf = (r: TrackPointRow): TrackPoint => ({ lng: Number(r.lng), lat: Number(r.lat), atMs: Number(r.at_ms) });

/**
 * A worker's patrol summed over days: patrol_ms in milliseconds, patrol_m in metres. SUM of a
 * BIGINT is NUMERIC on PostgreSQL, which pg reads as a string; SQLite hands back a number.
 */
export type PatrolTotalRow = { worker: string; patrol_ms: string | number; patrol_m: string | number };

export const patrolTotalOf = (r: PatrolTotalRow): PatrolTotal => ({ worker: r.worker, patrolMs: Number(r.patrol_ms), patrolM: Number(r.patrol_m) });
