import type { Pool } from 'pg';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { PatrolDay } from '../field/patrolTally.ts';
import type { PatrolTotal, TrackRepository } from './trackRepository.ts';
import { inTransaction } from './postgresTransaction.ts';
import { type PatrolTotalRow, patrolTotalOf, type TrackPointRow, trackPointOf } from './trackRows.ts';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';

/** Patrol tracks on PostgreSQL: a batch is one transaction of two statements, whatever its size. */
export class PostgresTrackRepository implements TrackRepository {
  constructor(private readonly pool: Pool) {}

  async append(points: readonly (TrackPoint & { worker: string })[], patrol: readonly PatrolDay[]): Promise<void> {
    if (!points.length && !patrol.length) return;
    await inTransaction(this.pool, async (client) => {
      if (points.length)
        await client.query('INSERT INTO track_points (worker, at_ms, lng, lat) SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::float8[])', [
          points.map((p) => p.worker),
          points.map((p) => p.atMs),
          points.map((p) => p.lng),
          points.map((p) => p.lat),
        ]);
      // One row per worker and day in a batch (sumPatrolDays), so ON CONFLICT never meets a row twice.
      if (patrol.length)
        await client.query(
          `INSERT INTO patrol_days (worker, day_start_ms, patrol_ms, patrol_m) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::float8[])
           ON CONFLICT (worker, day_start_ms) DO UPDATE SET patrol_ms = patrol_days.patrol_ms + excluded.patrol_ms, patrol_m = patrol_days.patrol_m + excluded.patrol_m`,
          [patrol.map((d) => d.worker), patrol.map((d) => d.dayStartMs), patrol.map((d) => d.patrolMs), patrol.map((d) => d.patrolM)],
        );
    });
  }

  async pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]> {
    const { rows } = await this.pool.query<TrackPointRow>('SELECT lng, lat, at_ms FROM track_points WHERE worker = $1 AND at_ms >= $2 AND at_ms < $3 ORDER BY at_ms', [worker, fromMs, toMs]);
    return rows.map(trackPointOf);
  }

  async lastPointsBetween(fromMs: number, toMs: number, limit: number): Promise<TrackPoint[]> {
    const { rows } = await this.pool.query<TrackPointRow>('SELECT DISTINCT ON (worker) lng, lat, at_ms FROM track_points WHERE at_ms > $1 AND at_ms <= $2 ORDER BY worker, at_ms DESC LIMIT $3', [
      fromMs,
      toMs,
      limit,
    ]);
    return rows.map(trackPointOf);
  }

  async patrolBetween(fromMs: number, toMs: number): Promise<PatrolTotal[]> {
    const { rows } = await this.pool.query<PatrolTotalRow>(
      'SELECT worker, SUM(patrol_ms) AS patrol_ms, SUM(patrol_m) AS patrol_m FROM patrol_days WHERE day_start_ms >= $1 AND day_start_ms < $2 GROUP BY worker ORDER BY worker',
      [fromMs, toMs],
    );
    return rows.map(patrolTotalOf);
  }
}
