import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../common/domain/field.ts';
import { beijingDayStartMs } from '../../server/time/beijingDay.ts';
import { type PatrolDay, patrolStep, sumPatrolDays } from '../../server/field/patrolTally.ts';
import { migrate } from '../../server/store/sqliteMigrations.ts';
import { SqliteTrackRepository } from '../../server/store/sqliteTrackRepository.ts';

/** 2026-12-03 23:58 Beijing time: a walk from here crosses midnight. */
const LATE = Date.UTC(2026, 11, 3, 15, 58);
const at = (lng: number, atMs: number): TrackPoint => ({ lng, lat: 34.75, atMs });

describe('a worker’s patrol per day', () => {
  it('counts the step from the previous stored fix at most 5 min before, on the later fix’s Beijing day', () => {
    expect(patrolStep('W1', null, at(113.66, LATE))).toBeNull();
    expect(patrolStep('W1', at(113.66, LATE), at(113.661, LATE + 5 * 60_000 + 1))).toBeNull();
    expect(patrolStep('W1', at(113.66, LATE), at(113.661, LATE))).toBeNull();
    const step = patrolStep('W1', at(113.66, LATE + 90_000), at(113.661, LATE + 150_000))!;
    expect(step).toMatchObject({ worker: 'W1', patrolMs: 60_000, dayStartMs: beijingDayStartMs(LATE) + 86_400_000 });
    expect(step.patrolM).toBeCloseTo(91.52, 1);
  });

  it('sums a batch’s steps to one row per worker and day', () => {
    const day = beijingDayStartMs(LATE);
    const steps: PatrolDay[] = [
      { worker: 'W1', dayStartMs: day, patrolMs: 30_000, patrolM: 40 },
      { worker: 'W2', dayStartMs: day, patrolMs: 30_000, patrolM: 10 },
      { worker: 'W1', dayStartMs: day, patrolMs: 20_000, patrolM: 5 },
      { worker: 'W1', dayStartMs: day + 86_400_000, patrolMs: 1, patrolM: 1 },
    ];
    expect(sumPatrolDays(steps)).toEqual([
      { worker: 'W1', dayStartMs: day, patrolMs: 50_000, patrolM: 45 },
      { worker: 'W2', dayStartMs: day, patrolMs: 30_000, patrolM: 10 },
      { worker: 'W1', dayStartMs: day + 86_400_000, patrolMs: 1, patrolM: 1 },
    ]);
  });

  it('is worked out, on upgrade, from the tracks already stored — the same figures as fix by fix', async () => {
    const db = new Database(path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-patrol-')), 'store.sqlite'));
    migrate(db, 9);
    // Two workers over midnight: fixes 30 s apart, a 10-minute pause (two patrols), and back.
    const tracks: Record<string, TrackPoint[]> = {
      W000001: [0, 1, 2, 3, 4, 5].map((i) => at(113.66 + i * 0.0004, LATE + i * 30_000)).concat([at(113.67, LATE + 16 * 60_000), at(113.6703, LATE + 16 * 60_000 + 30_000)]),
      W000002: [0, 1, 2].map((i) => at(113.7, LATE + i * 45_000 + i * i * 7_000)),
    };
    const insert = db.prepare('INSERT INTO track_points (worker, at_ms, lng, lat) VALUES (?, ?, ?, ?)');
    for (const [worker, points] of Object.entries(tracks)) for (const p of points) insert.run(worker, p.atMs, p.lng, p.lat);
    migrate(db);

    const expected = sumPatrolDays(Object.entries(tracks).flatMap(([worker, points]) => points.flatMap((p, i) => patrolStep(worker, points[i - 1] ?? null, p) ?? [])));
    const stored = db.prepare('SELECT worker, day_start_ms AS dayStartMs, patrol_ms AS patrolMs, patrol_m AS patrolM FROM patrol_days ORDER BY worker, day_start_ms').all() as PatrolDay[];
    expect(stored.map((d) => ({ ...d, patrolM: Math.round(d.patrolM * 1000) }))).toEqual(
      expected.sort((a, b) => a.worker.localeCompare(b.worker) || a.dayStartMs - b.dayStartMs).map((d) => ({ ...d, patrolM: Math.round(d.patrolM * 1000) })),
    );
    // Read back over the later day only: what was walked after midnight (W000002 stopped before it).
    const repository = new SqliteTrackRepository(db);
    const nextDay = beijingDayStartMs(LATE) + 86_400_000;
    const totals = await repository.patrolBetween(nextDay, nextDay + 86_400_000);
    expect(totals.map((t) => t.worker)).toEqual(['W000001']);
    expect(totals[0]!.patrolMs).toBe(expected.find((d) => d.worker === 'W000001' && d.dayStartMs === nextDay)!.patrolMs);
    db.close();
  });
});
