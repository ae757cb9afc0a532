import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { WorkerDirectory } from '../../server/broadcasts/workerDirectory.ts';
import { type FieldBus, FieldService } from '../../server/field/fieldService.ts';
import type { FieldNewsEntry } from '../../common/domain/field.ts';
import type { TrackRepository } from '../../server/store/trackRepository.ts';
import type { PatrolDay } from '../../server/field/patrolTally.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';

/** A store that fails its next write when told to. */
function flakyTracks() {
  const rows: (TrackPoint & { worker: string })[] = [];
  const patrol: PatrolDay[] = [];
  let failNext = false;
  const tracks: TrackRepository = {
    append: async (points, days) => {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      rows.push(...points);
      patrol.push(...days);
    },
    pointsOf: async () => rows,
    patrolBetween: async () => [],
    lastPointsBetween: async () => [],
  };
  return { tracks, rows, patrol, failOnce: () => (failNext = true) };
}

describe('the field service', () => {
  it('forgets a position the store could not keep, so the phone’s retry of it is taken', async () => {
    const now = 1_800_000_000_000;
    const store = flakyTracks();
    const directory = { homeOf: () => ({ district: '410103', street: '410103001', community: 'c', grid: 'g' }), idOf: () => 'W000001' } as unknown as WorkerDirectory;
    const geo = { locateGridIndex: () => 0 } as unknown as CityGeography;
    let clockMs = now;
    const field = new FieldService({
      tracks: store.tracks,
      directory,
      geo,
      clock: () => clockMs,
      onError: () => {},
    });
    field.setDuty(0, true);
    const fix = { lng: 113.66, lat: 34.75, atMs: now - 1000, accuracyM: 5 };
    store.failOnce();
    const first = field.position(0, fix);
    await (field as unknown as { flush: () => Promise<void> }).flush().catch(() => {});
    expect(await first).toEqual({ ok: false, error: expect.stringContaining('send it again') });
    const retry = field.position(0, fix);
    await (field as unknown as { flush: () => Promise<void> }).flush();
    expect(await retry).toEqual({ ok: true });
    expect(store.rows).toHaveLength(1);
    // The next stored fix adds the step to the worker's day, in the same write: 30 s, ≈ 91.5 m.
    clockMs = now + 30_000;
    const next = field.position(0, { lng: 113.661, lat: 34.75, atMs: now + 29_000, accuracyM: 5 });
    await (field as unknown as { flush: () => Promise<void> }).flush();
    expect(await next).toEqual({ ok: true });
    expect(store.patrol).toEqual([{ worker: 'W000001', dayStartMs: expect.any(Number), patrolMs: 30_000, patrolM: expect.closeTo(91.5, 0) }]);
  });

  it('tells the other nodes of its phones once a second, and the newer word wins, so every wall sees every worker', async () => {
    let now = 1_800_000_000_000;
    const store = flakyTracks();
    const directory = { size: 10, homeOf: (i: number) => ({ district: '410103', street: 's', community: 'c', grid: `g${i}` }), idOf: (i: number) => `W00000${i}` } as unknown as WorkerDirectory;
    const geo = { locateGridIndex: () => 0 } as unknown as CityGeography;
    // Two nodes joined by a bus that delivers to the other, as the Redis stream does (a node skips its own).
    const handlers: ((entries: FieldNewsEntry[]) => void)[] = [];
    const busOf = (node: number): FieldBus => ({ publish: (entries) => handlers[1 - node]?.(entries), onNews: (handler) => void (handlers[node] = handler) });
    const [a, b] = [0, 1].map(
      (node) =>
        new FieldService({
          tracks: store.tracks,
          directory,
          geo,
          clock: () => now,
          onError: () => {},
          bus: busOf(node),
        }),
    );
    const tell = (field: FieldService) => (field as unknown as { tell: () => Promise<void> }).tell();
    a!.setDuty(3, true);
    const fixed = a!.position(3, { lng: 113.66, lat: 34.75, atMs: now - 1000, accuracyM: 5 });
    await (a as unknown as { flush: () => Promise<void> }).flush();
    expect(await fixed).toEqual({ ok: true });
    await tell(a!);
    expect(b!.workersOnDuty()).toEqual({ onDuty: 1, byDistrict: { '410103': 1 } });
    expect(b!.onDutyIn('g3')).toEqual([3]);
    const view = { west: 113, east: 114, south: 34, north: 35, zoom: 14 };
    expect(b!.inView(view, () => false)).toEqual({ kind: 'dots', dots: [[113.66, 34.75, 0]], omitted: 0 });
    // The phone moves to node b and goes off duty there: a's older word, told late, does not undo it.
    now += 60_000;
    b!.setDuty(3, false);
    await tell(a!);
    a!.setDuty(5, true);
    await tell(a!);
    expect(b!.workersOnDuty().onDuty).toBe(1);
    expect(b!.onDutyIn('g3')).toEqual([]);
    await tell(b!);
    expect(a!.onDutyIn('g3')).toEqual([]);
    expect(a!.workersOnDuty().onDuty).toBe(1);
  });
});
