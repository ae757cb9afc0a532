import { describe, expect, it } from 'vitest';
import { type RetentionStore, SqlRetentionStore } from '../../server/retention/retentionStore.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { PostgresTrackRepository } from '../../server/store/postgresTrackRepository.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { SqliteTrackRepository } from '../../server/store/sqliteTrackRepository.ts';
import type { TrackRepository } from '../../server/store/trackRepository.ts';
import { postgresStore, sqliteStore, type StoreUnderTest, twoConnections } from '../support/contract.ts';

/**
 * The patrol track store's contract, one suite for both stores: points per worker in time order,
 * each worker's patrol per Beijing day added up across writes and nodes, and both forgotten by age
 * in batches (the retention policy's deletes).
 * `a` and `b` are two connections to one store; the tests run in order.
 */
const DAY_MS = 86_400_000;
/** A Beijing day's start (16:00 UTC the day before), and the next two. */
const DAY1 = Date.UTC(2026, 11, 1, 16, 0, 0);
const DAY2 = DAY1 + DAY_MS;
const DAY3 = DAY2 + DAY_MS;

/** A connection: the track repository, and the retention policy's deletes on the same store. */
type Tracks = TrackRepository & { retention: RetentionStore };

function contract(name: string, open: () => Promise<StoreUnderTest<Tracks> | null>) {
  describe(`the track store contract: ${name}`, () => {
    let store: StoreUnderTest<Tracks> | null = null;
    let a: Tracks;
    let b: Tracks;
    twoConnections(open, (opened) => {
      ({ store, a, b } = opened);
    });

    it('keeps each worker’s points, oldest first, within [from, to)', async (ctx) => {
      if (!store) return ctx.skip();
      await a.append(
        [
          { worker: 'W000001', lng: 113.6601, lat: 34.7501, atMs: DAY1 + 2_000 },
          { worker: 'W000002', lng: 113.7, lat: 34.8, atMs: DAY1 + 1_000 },
          { worker: 'W000001', lng: 113.66, lat: 34.75, atMs: DAY1 + 1_000 },
        ],
        [{ worker: 'W000001', dayStartMs: DAY1, patrolMs: 60_000, patrolM: 120 }],
      );
      await b.append([{ worker: 'W000001', lng: 113.6602, lat: 34.7502, atMs: DAY2 + 5_000 }], [{ worker: 'W000001', dayStartMs: DAY2, patrolMs: 1_000, patrolM: 2 }]);
      const points = await b.pointsOf('W000001', DAY1, DAY2);
      expect(points.map((p) => p.atMs)).toEqual([DAY1 + 1_000, DAY1 + 2_000]);
      expect(points[0]!.lng).toBeCloseTo(113.66, 5);
      expect(points[0]!.lat).toBeCloseTo(34.75, 5);
      expect((await a.pointsOf('W000001', DAY1, DAY3)).map((p) => p.atMs)).toEqual([DAY1 + 1_000, DAY1 + 2_000, DAY2 + 5_000]);
      expect(await a.pointsOf('W000001', DAY1 + 2_000, DAY1 + 2_001)).toHaveLength(1);
      expect(await a.pointsOf('W000009', DAY1, DAY3)).toEqual([]);
    });

    it('adds a day’s patrol written by two nodes at once, and sums the days of a period per worker', async (ctx) => {
      if (!store) return ctx.skip();
      await Promise.all([
        a.append([], [{ worker: 'W000001', dayStartMs: DAY1, patrolMs: 30_000, patrolM: 50 }]),
        b.append(
          [],
          [
            { worker: 'W000001', dayStartMs: DAY1, patrolMs: 10_000, patrolM: 30 },
            { worker: 'W000002', dayStartMs: DAY1, patrolMs: 5_000, patrolM: 7 },
          ],
        ),
      ]);
      const firstDay = (await a.patrolBetween(DAY1, DAY2)).sort((x, y) => x.worker.localeCompare(y.worker));
      expect(firstDay).toEqual([
        { worker: 'W000001', patrolMs: 100_000, patrolM: 200 },
        { worker: 'W000002', patrolMs: 5_000, patrolM: 7 },
      ]);
      const both = (await b.patrolBetween(DAY1, DAY3)).find((t) => t.worker === 'W000001');
      expect(both).toEqual({ worker: 'W000001', patrolMs: 101_000, patrolM: 202 });
      expect(await b.patrolBetween(DAY3, DAY3 + DAY_MS)).toEqual([]);
    });

    it('forgets points and days by age, a batch at a time, and says how many', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.retention.deleteBatch('tracks', DAY2, 2)).toBe(2);
      expect(await b.retention.deleteBatch('tracks', DAY2, 2)).toBe(1);
      expect(await a.retention.deleteBatch('tracks', DAY2, 2)).toBe(0);
      expect((await b.pointsOf('W000001', DAY1, DAY3)).map((p) => p.atMs)).toEqual([DAY2 + 5_000]);
      expect(await b.retention.deleteBatch('patrol', DAY2, 5000)).toBe(2);
      expect(await a.patrolBetween(DAY1, DAY3)).toEqual([{ worker: 'W000001', patrolMs: 1_000, patrolM: 2 }]);
    });
  });
}

const withRetention = <R extends TrackRepository>(tracks: R, retention: RetentionStore): Tracks => Object.assign(tracks, { retention });

contract('SQLite', () => sqliteStore((db) => withRetention(new SqliteTrackRepository(db), new SqlRetentionStore(sqliteRunner(db), 'sqlite', async () => 0))));

contract('PostgreSQL', () => postgresStore((pool) => withRetention(new PostgresTrackRepository(pool), new SqlRetentionStore(postgresRunner(pool), 'postgres', async () => 0))));
