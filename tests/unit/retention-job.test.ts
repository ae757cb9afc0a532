import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import { RetentionJob } from '../../server/retention/retentionJob.ts';
import type { Retained, RetentionStore } from '../../server/retention/retentionStore.ts';

const DAY_MS = 86_400_000;
/** 2026-12-07 03:30 in Beijing. */
const NIGHT = Date.UTC(2026, 11, 6, 19, 30);

/** A store holding `rows` of each kind, all old; records every batch asked for. */
function fakeStore(rows: Record<Retained, number>) {
  const batches: { kind: Retained; beforeMs: number; limit: number }[] = [];
  const store: RetentionStore = {
    async deleteBatch(kind, beforeMs, limit) {
      batches.push({ kind, beforeMs, limit });
      const n = Math.min(limit, rows[kind]);
      rows[kind] -= n;
      return n;
    },
  };
  return { store, batches };
}

const days = { tracks: 90, patrol: 400, photos: 1095, audit: 1095, reports: 365, changes: 30, deliveries: 30, reach: 1095, replay: 90 };

describe('the nightly retention run', () => {
  it('deletes each kind older than its period in batches of 5,000, pausing between batches', async () => {
    const { store, batches } = fakeStore({ tracks: 12_345, patrol: 10, photos: 0, audit: 5000, reports: 3, changes: 7, deliveries: 2, reach: 4, replay: 6 });
    const pauses: number[] = [];
    const job = new RetentionJob({ store, days, clock: () => NIGHT, leads: () => true, logger: createLogger('silent'), pause: async (ms) => void pauses.push(ms) });
    expect(await job.run()).toEqual({ tracks: 12_345, patrol: 10, photos: 0, audit: 5000, reports: 3, changes: 7, deliveries: 2, reach: 4, replay: 6 });
    expect(batches.find((b) => b.kind === 'reach')!.beforeMs).toBe(NIGHT - 1095 * DAY_MS);
    expect(batches.find((b) => b.kind === 'changes')!.beforeMs).toBe(NIGHT - 30 * DAY_MS);
    expect(batches.find((b) => b.kind === 'replay')!.beforeMs).toBe(NIGHT - 90 * DAY_MS);
    expect(batches.filter((b) => b.kind === 'tracks').map((b) => b.limit)).toEqual([5000, 5000, 5000]);
    expect(batches.find((b) => b.kind === 'tracks')!.beforeMs).toBe(NIGHT - 90 * DAY_MS);
    expect(batches.find((b) => b.kind === 'patrol')!.beforeMs).toBe(NIGHT - 400 * DAY_MS);
    // A full batch is followed by a pause (and another batch); a short one ends the kind.
    expect(pauses).toHaveLength(3);
  });

  it('runs once a night, after 03:00 Beijing time, and only on the node holding the duty', async () => {
    let now = NIGHT - 2 * 3_600_000; // 01:30
    let leads = false;
    const { store, batches } = fakeStore({ tracks: 0, patrol: 0, photos: 0, audit: 0, reports: 0, changes: 0, deliveries: 0, reach: 0, replay: 0 });
    const job = new RetentionJob({ store, days, clock: () => now, leads: () => leads, logger: createLogger('silent'), pause: async () => {} });
    expect(await job.runIfDue()).toBeNull();
    now = NIGHT;
    expect(await job.runIfDue()).toBeNull();
    leads = true;
    expect(await job.runIfDue()).not.toBeNull();
    now += 3_600_000;
    expect(await job.runIfDue()).toBeNull();
    now += DAY_MS;
    expect(await job.runIfDue()).not.toBeNull();
    // Two runs, one batch of each of the nine kinds.
    expect(batches).toHaveLength(18);
  });
});
