import { beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, offlineAfterMs, SENSOR_KINDS, SENSOR_UNITS, type SensorReading } from '../../common/domain/sensors.ts';
import { levelOf } from '../../common/domain/sensorThresholds.ts';
import { buildSensorRegistry, riverLinesOf, type SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { readRivers } from '../../server/geo/loadCity.ts';
import type { CityClient } from '../../simulator/cityClient.ts';
import { buildHeartbeatSchedule, type HeartbeatSchedule, heartbeatsDue, SWEEP_MS } from '../../simulator/generators/heartbeats.ts';
import { READINGS_PER_BATCH, ReadingPoster } from '../../simulator/sensors/readingPoster.ts';
import { SensorWorld } from '../../simulator/sensors/sensorWorld.ts';
import { testCity } from '../support/city.ts';

describe('heartbeats', () => {
  let registry: SensorRegistry;
  let schedule: HeartbeatSchedule;
  beforeAll(() => {
    registry = buildSensorRegistry(testCity(), riverLinesOf(readRivers()), 20250720);
    schedule = buildHeartbeatSchedule(registry, 1);
  }, 60_000);

  it('keeps about 2 % of the devices silent, of every kind', () => {
    const silent = schedule.silent.reduce((a, b) => a + b, 0);
    expect(silent / registry.size).toBeGreaterThan(0.017);
    expect(silent / registry.size).toBeLessThan(0.023);
    for (const k of schedule.kinds) expect(k.order.length).toBeLessThan(registry.ranges[k.kind].count);
  });

  it('reports every other device exactly once in the start-up sweep, in one-second slices', () => {
    const seen = new Uint8Array(registry.size);
    for (let ms = 0; ms < SWEEP_MS; ms += 1_000) for (const d of heartbeatsDue(schedule, ms, ms + 1_000).devices) seen[d]!++;
    for (let i = 0; i < registry.size; i++) if (seen[i] !== (schedule.silent[i] ? 0 : 1)) throw new Error(`device ${registry.id(i)} reported ${seen[i]} times`);
  });

  it('then reports each device at its heartbeat, never silent long enough to count as offline', () => {
    const lastMs = new Float64Array(registry.size).fill(-1);
    const worstGapMs = new Map<string, number>();
    const counts = new Uint16Array(registry.size);
    const spanMs = 75 * 60_000;
    for (let ms = 0; ms < spanMs; ms += 1_000) {
      for (const d of heartbeatsDue(schedule, ms, ms + 1_000).devices) {
        const kind = registry.kindOf(d);
        if (lastMs[d]! >= 0) worstGapMs.set(kind, Math.max(worstGapMs.get(kind) ?? 0, ms - lastMs[d]!));
        lastMs[d] = ms;
        counts[d]!++;
      }
    }
    for (const kind of SENSOR_KINDS) {
      expect(worstGapMs.get(kind)!, kind).toBeLessThan(offlineAfterMs(kind));
      expect(worstGapMs.get(kind)!, kind).toBeGreaterThan(HEARTBEAT_MS[kind] - 2_000);
      const i = schedule.kinds.find((k) => k.kind === kind)!.order[0]!;
      // The sweep, then one per heartbeat over the rest of the span (±1 for the phase).
      expect(Math.abs(counts[i]! - (1 + (spanMs - SWEEP_MS) / HEARTBEAT_MS[kind]))).toBeLessThanOrEqual(1);
    }
  });

  it('says all is well in each kind’s unit on a quiet day', () => {
    const world = new SensorWorld(registry, 1, 0);
    const readings = world.heartbeats(0, SWEEP_MS, 42);
    expect(readings.length).toBe(registry.size - schedule.silent.reduce((a, b) => a + b, 0));
    for (const r of readings) {
      const kind = registry.kindOf(registry.indexOf(r.sensorId));
      if (r.unit !== SENSOR_UNITS[kind] || r.atMs !== 42 || levelOf(kind, r.value) !== 'none') throw new Error(`${r.sensorId}: ${r.value} ${r.unit}`);
    }
  });
});

describe('the reading poster', () => {
  /** A server that never answers: requests pile up in flight. */
  const stalled = { request: () => new Promise(() => {}) } as unknown as CityClient;
  const round = (n: number): SensorReading[] => Array.from({ length: n }, (_, i) => ({ sensorId: `CM${String(i + 1).padStart(6, '0')}`, atMs: 1, value: 0, unit: 'status' }));

  it('keeps requests in flight and batches bounded, dropping and counting whole heartbeat rounds', () => {
    const poster = new ReadingPoster(stalled);
    let accepted = 0;
    for (let i = 0; i < 100; i++) if (poster.offerHeartbeats(round(12_000))) accepted++;
    expect(poster.tally.inFlight).toBe(4);
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(15);
    expect(poster.tally.droppedRounds).toBe(100 - accepted);
    expect(poster.tally.droppedReadings).toBe((100 - accepted) * 12_000);
    // Gauge and alarm readings still have room.
    expect(poster.offerPriority(round(10))).toBe(true);
  });

  it('posts in batches of at most 5,000 and counts failures', async () => {
    const sizes: number[] = [];
    const failing = {
      request: async (_m: string, _p: string, body: { readings: unknown[] }) => {
        sizes.push(body.readings.length);
        return sizes.length === 1 ? { status: 400, body: { error: 'readings[0].unit' } } : { status: 200, body: { accepted: body.readings.length, alertsOpened: 0, alertsClosed: 0 } };
      },
    } as unknown as CityClient;
    const poster = new ReadingPoster(failing);
    poster.offerHeartbeats(round(12_001));
    await new Promise((r) => setTimeout(r, 10));
    expect(sizes).toEqual([READINGS_PER_BATCH, READINGS_PER_BATCH, 2_001]);
    expect(poster.tally.failedRequests).toBe(1);
    expect(poster.tally.failedReadings).toBe(READINGS_PER_BATCH);
    expect(poster.tally.accepted).toBe(7_001);
    expect(poster.busy).toBe(false);
  });
});
