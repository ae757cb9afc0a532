import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../common/domain/field.ts';
import type { WorkerDirectory } from '../../server/broadcasts/workerDirectory.ts';
import { FieldService } from '../../server/field/fieldService.ts';
import type { TrackRepository } from '../../server/store/trackRepository.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';

/** A store that fails its next write when told to. */
function flakyTracks() {
  const rows: (TrackPoint & { worker: string })[] = [];
  let failNext = false;
  const tracks: TrackRepository = {
    append: async (points) => {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      rows.push(...points);
    },
    pointsOf: async () => rows,
    pointsBetween: async () => rows,
    deleteBefore: async () => 0,
  };
  return { tracks, rows, failOnce: () => (failNext = true) };
}

describe('the field service', () => {
  it('forgets a position the store could not keep, so the phone’s retry of it is taken', async () => {
    const now = 1_800_000_000_000;
    const store = flakyTracks();
    const directory = { homeOf: () => ({ district: '410103', street: '410103001', community: 'c', grid: 'g' }), idOf: () => 'W000001' } as unknown as WorkerDirectory;
    const geo = { locateGridIndex: () => 0 } as unknown as CityGeography;
    const field = new FieldService(store.tracks, directory, geo, () => now, () => {});
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
  });
});
