import type Database from 'better-sqlite3';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { PatrolDay } from '../field/patrolTally.ts';
import type { PatrolTotal, TrackRepository } from './trackRepository.ts';
import { type PatrolTotalRow, patrolTotalOf, type TrackPointRow, trackPointOf } from './trackRows.ts';

/** Patrol tracks in the embedded database. */
export class SqliteTrackRepository implements TrackRepository {
  private readonly s;
  private readonly appendAll;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO track_points (worker, at_ms, lng, lat) VALUES (?, ?, ?, ?)'),
      addPatrol: db.prepare(
        `INSERT INTO patrol_days (worker, day_start_ms, patrol_ms, patrol_m) VALUES (?, ?, ?, ?)
         ON CONFLICT (worker, day_start_ms) DO UPDATE SET patrol_ms = patrol_ms + excluded.patrol_ms, patrol_m = patrol_m + excluded.patrol_m`,
      ),
      of: db.prepare<[string, number, number], TrackPointRow>('SELECT lng, lat, at_ms FROM track_points WHERE worker = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms'),
      // SQLite takes the bare columns from the row of MAX(at_ms): each worker's last point.
      lastPoints: db.prepare<[number, number, number], TrackPointRow>('SELECT lng, lat, MAX(at_ms) AS at_ms FROM track_points WHERE at_ms > ? AND at_ms <= ? GROUP BY worker LIMIT ?'),
      patrolBetween: db.prepare<[number, number], PatrolTotalRow>(
        'SELECT worker, SUM(patrol_ms) AS patrol_ms, SUM(patrol_m) AS patrol_m FROM patrol_days WHERE day_start_ms >= ? AND day_start_ms < ? GROUP BY worker ORDER BY worker',
      ),
    };
    this.appendAll = db.transaction((points: readonly (TrackPoint & { worker: string })[], patrol: readonly PatrolDay[]) => {
      for (const p of points) this.s.insert.run(p.worker, p.atMs, p.lng, p.lat);
      for (const d of patrol) this.s.addPatrol.run(d.worker, d.dayStartMs, d.patrolMs, d.patrolM);
    });
  }

  async append(points: readonly (TrackPoint & { worker: string })[], patrol: readonly PatrolDay[]): Promise<void> {
    if (points.length || patrol.length) this.appendAll(points, patrol);
  }

  async pointsOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]> {
    return this.s.of.all(worker, fromMs, toMs).map(trackPointOf);
  }

  async lastPointsBetween(fromMs: number, toMs: number, limit: number): Promise<TrackPoint[]> {
    return this.s.lastPoints.all(fromMs, toMs, limit).map(trackPointOf);
  }

  async patrolBetween(fromMs: number, toMs: number): Promise<PatrolTotal[]> {
    return this.s.patrolBetween.all(fromMs, toMs).map(patrolTotalOf);
  }
}
