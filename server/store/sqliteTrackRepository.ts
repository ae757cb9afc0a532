import type Database from 'better-sqlite3';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { TrackRepository } from './trackRepository.ts';

/** Patrol tracks in the embedded database. */
export class SqliteTrackRepository implements TrackRepository {
  private readonly s;
  private readonly appendAll;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO track_points (worker, at_ms, lng, lat) VALUES (?, ?, ?, ?)'),
      of: db.prepare<[string, number, number], TrackPoint>('SELECT lng, lat, at_ms AS atMs FROM track_points WHERE worker = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms'),
      before: db.prepare('DELETE FROM track_points WHERE at_ms < ?'),
      between: db.prepare<[number, number], TrackPoint & { worker: string }>('SELECT worker, lng, lat, at_ms AS atMs FROM track_points WHERE at_ms >= ? AND at_ms < ? ORDER BY worker, at_ms'),
    };
    this.appendAll = db.transaction((points: readonly (TrackPoint & { worker: string })[]) => {
      for (const p of points) this.s.insert.run(p.worker, p.atMs, p.lng, p.lat);
    });
  }

  async append(points: readonly (TrackPoint & { worker: string })[]): Promise<void> {
    if (points.length) this.appendAll(points);
  }

  async pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]> {
    return this.s.of.all(worker, fromMs, toMs);
  }

  async pointsBetween(fromMs: number, toMs: number): Promise<(TrackPoint & { worker: string })[]> {
    return this.s.between.all(fromMs, toMs);
  }

  async deleteBefore(ms: number): Promise<number> {
    return this.s.before.run(ms).changes;
  }
}
