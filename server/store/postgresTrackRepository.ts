import type { Pool } from 'pg';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { TrackRepository } from './trackRepository.ts';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';

/** Patrol tracks on PostgreSQL: a batch is one multi-row insert. */
export class PostgresTrackRepository implements TrackRepository {
  constructor(private readonly pool: Pool) {}

  async append(points: readonly (TrackPoint & { worker: string })[]): Promise<void> {
    if (!points.length) return;
    await this.pool.query('INSERT INTO track_points (worker, at_ms, lng, lat) SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::float8[])', [
      points.map((p) => p.worker),
      points.map((p) => p.atMs),
      points.map((p) => p.lng),
      points.map((p) => p.lat),
    ]);
  }

  async pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]> {
    const { rows } = await this.pool.query<{ lng: number; lat: number; at_ms: number }>('SELECT lng, lat, at_ms FROM track_points WHERE worker = $1 AND at_ms >= $2 AND at_ms < $3 ORDER BY at_ms', [worker, fromMs, toMs]);
    return rows.map((r) => ({ lng: r.lng, lat: r.lat, atMs: r.at_ms }));
  }

  async pointsBetween(fromMs: number, toMs: number): Promise<(TrackPoint & { worker: string })[]> {
    const { rows } = await this.pool.query<{ worker: string; lng: number; lat: number; at_ms: number }>('SELECT worker, lng, lat, at_ms FROM track_points WHERE at_ms >= $1 AND at_ms < $2 ORDER BY worker, at_ms', [fromMs, toMs]);
    return rows.map((r) => ({ worker: r.worker, lng: r.lng, lat: r.lat, atMs: r.at_ms }));
  }

  async deleteBefore(ms: number): Promise<number> {
    return (await this.pool.query('DELETE FROM track_points WHERE at_ms < $1', [ms])).rowCount ?? 0;
  }
}
