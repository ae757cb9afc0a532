import { beforeAll, describe, expect, it } from 'vitest';
import { type AlertLevel, levelRank, type SensorKind } from '../../common/domain/sensors.ts';
import { assessReading, levelOf } from '../../common/domain/sensorThresholds.ts';
import { PLACES } from '../../common/geo/places.ts';
import { toKm } from '../../common/geo/projection.ts';
import { seededRandom } from '../../common/geo/random.ts';
import { buildSensorRegistry, riverLinesOf, type SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { readRivers } from '../../server/geo/loadCity.ts';
import { drawFloodReports, FLOOD_CATEGORIES, type FloodReport } from '../../simulator/generators/floodEvents.ts';
import { floodAction } from '../../simulator/generators/floodResponse.ts';
import { DEFAULT_STORM, rainfallMmPerH, type StormPlan, stormEndMs, stormPeakMs } from '../../simulator/generators/rainfall.ts';
import { nextDepthCm } from '../../simulator/generators/waterDepth.ts';
import { SensorWorld, STEP_MS } from '../../simulator/sensors/sensorWorld.ts';
import { testCity } from '../support/city.ts';

const HOUR_MS = 3_600_000;
const storm: StormPlan = { startMs: 2 * HOUR_MS, durationMs: DEFAULT_STORM.durationMs, peakMmPerH: DEFAULT_STORM.peakMmPerH };

describe('the rainfall curve', () => {
  const samples = Array.from({ length: 24 * 60 }, (_, minute) => rainfallMmPerH(storm, minute * 60_000));

  it('is dry before and after the storm', () => {
    expect(rainfallMmPerH(storm, storm.startMs)).toBe(0);
    expect(rainfallMmPerH(storm, storm.startMs - 1)).toBe(0);
    expect(rainfallMmPerH(storm, stormEndMs(storm))).toBe(0);
    expect(rainfallMmPerH(storm, stormEndMs(storm) + HOUR_MS)).toBe(0);
  });

  it('peaks near 200 mm/h for about an hour, 7·20-like totals', () => {
    const totalMm = samples.reduce((sum, mmPerH) => sum + mmPerH / 60, 0);
    expect(totalMm).toBeGreaterThan(450);
    expect(totalMm).toBeLessThan(800);
    expect(Math.max(...samples)).toBeCloseTo(200, 5);
    const minutesAbove190 = samples.filter((r) => r >= 190).length;
    expect(minutesAbove190).toBeGreaterThanOrEqual(55);
    expect(minutesAbove190).toBeLessThanOrEqual(90);
  });

  it('rises to the peak and falls after it', () => {
    const peakMinute = stormPeakMs(storm) / 60_000;
    for (let m = storm.startMs / 60_000 + 1; m < peakMinute; m++) expect(samples[m]!).toBeGreaterThanOrEqual(samples[m - 1]! - 1e-9);
    for (let m = peakMinute + 1; m < stormEndMs(storm) / 60_000; m++) expect(samples[m]!).toBeLessThanOrEqual(samples[m - 1]! + 1e-9);
  });
});

describe('the depth model', () => {
  const site = { name: 'test', type: 'underpass' as const, lowness: 0.9, drainageMmPerH: 30 };
  it('stays dry while the drains keep up, fills beyond them, scaled by lowness, and never goes negative', () => {
    expect(nextDepthCm(site, 0, 25, HOUR_MS)).toBe(0);
    const low = nextDepthCm(site, 0, 100, HOUR_MS);
    const high = nextDepthCm({ ...site, lowness: 0.45 }, 0, 100, HOUR_MS);
    expect(low).toBeGreaterThan(50);
    expect(high).toBeCloseTo(low / 2, 5);
    expect(nextDepthCm(site, 5, 0, HOUR_MS)).toBe(0);
  });
});

describe('a rainstorm over the city', () => {
  let registry: SensorRegistry;
  const steps: { simMs: number; depths: Float64Array; rain: number }[] = [];
  const readingsBySensor = new Map<string, { atMs: number; value: number }[]>();
  const reports: (FloodReport & { simMs: number })[] = [];
  const alarmStarts: { index: number; kind: SensorKind; value: number; simMs: number }[] = [];
  let world: SensorWorld;

  beforeAll(() => {
    const geo = testCity();
    registry = buildSensorRegistry(geo, riverLinesOf(readRivers()), 20250720);
    world = new SensorWorld(registry, 7, 0, (simMs) => rainfallMmPerH(storm, simMs));
    const random = seededRandom(11);
    const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
    world.onStep((simMs, rain) => {
      for (const r of drawFloodReports(random, rain, STEP_MS, world.sitePositions, world.depthsCm, world.lowness, inCity)) reports.push({ ...r, simMs });
    });
    const endMs = stormEndMs(storm) + 10 * HOUR_MS;
    for (let simMs = STEP_MS; simMs <= endMs; simMs += STEP_MS) {
      // Readings carry the simulated time here, so the server's rule can be replayed on them.
      for (const r of world.advanceTo(simMs, simMs)) {
        const index = registry.indexOf(r.sensorId);
        const kind = registry.kindOf(index);
        if (kind !== 'waterlogging') {
          // Outside heartbeats a device reports when its alarm starts (an alarm value) or clears.
          if (levelOf(kind, r.value) !== 'none') alarmStarts.push({ index, kind, value: r.value, simMs });
          continue;
        }
        const list = readingsBySensor.get(r.sensorId) ?? [];
        list.push({ atMs: r.atMs, value: r.value });
        readingsBySensor.set(r.sensorId, list);
      }
      if (simMs % (10 * 60_000) === 0) steps.push({ simMs, depths: Float64Array.from(world.depthsCm), rain: world.rainMmPerH });
    }
  }, 60_000);

  it('raises the water at every point, then lets it drain away completely', () => {
    const stormEnd = stormEndMs(storm);
    for (let site = 0; site < registry.sites.length; site++) {
      const series = steps.map((s) => s.depths[site]!);
      const peak = series.indexOf(Math.max(...series));
      expect(series[0]).toBe(0);
      expect(series[peak]).toBeGreaterThan(10);
      expect(steps[peak]!.simMs).toBeGreaterThan(storm.startMs);
      expect(steps[peak]!.simMs).toBeLessThan(stormEnd + HOUR_MS);
      expect(series.at(-1)).toBe(0);
      // Once the rain has stopped the water only falls.
      for (let i = 1; i < steps.length; i++) if (steps[i - 1]!.simMs >= stormEnd) expect(series[i]!).toBeLessThanOrEqual(series[i - 1]!);
    }
  });

  it('the server rule (assessReading) on the gauges follows the depth: red at the worst, nothing once drained', () => {
    let reachedRed = 0;
    const mismatches: string[] = [];
    const endLevels = new Set<AlertLevel>();
    for (const [id, readings] of readingsBySensor) {
      let previous: { value: number; atMs: number; level: AlertLevel } | null = null;
      for (const r of readings) {
        const level = assessReading('waterlogging', r.value, previous, r.atMs);
        const plain = levelRank(levelOf('waterlogging', r.value));
        // The depth's own level, one above it while rising fast, or blue held within the hysteresis (≥ 7 cm).
        const rising = previous !== null && r.value > previous.value;
        const ok = levelRank(level) === plain || (rising && levelRank(level) === plain + 1) || (plain === 0 && level === 'blue' && r.value >= 7);
        if (!ok) mismatches.push(`${id} ${r.value} cm → ${level}`);
        previous = { value: r.value, atMs: r.atMs, level };
      }
      if (readings.some((r) => levelOf('waterlogging', r.value) === 'red')) reachedRed++;
      endLevels.add(previous!.level);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect([...endLevels]).toEqual(['none']);
    expect(readingsBySensor.size).toBeGreaterThan(300);
    expect(reachedRed).toBeGreaterThan(50);
  });

  it('brings flood reports in proportion to the rain, clustered at the deepest points', () => {
    expect(reports.every((r) => FLOOD_CATEGORIES.has(r.category))).toBe(true);
    const inHour = (fromMs: number) => reports.filter((r) => r.simMs > fromMs && r.simMs <= fromMs + HOUR_MS).length;
    const peakHour = inHour(stormPeakMs(storm) - HOUR_MS / 2);
    expect(peakHour).toBeGreaterThan(250);
    expect(peakHour).toBeGreaterThan(4 * inHour(storm.startMs + HOUR_MS));
    expect(reports.filter((r) => r.simMs > stormEndMs(storm))).toHaveLength(0);

    const maxDepth = registry.sites.map((_, i) => Math.max(...steps.map((s) => s.depths[i]!)));
    const deepest = maxDepth
      .map((d, i) => ({ d, i }))
      .sort((a, b) => b.d - a.d)
      .slice(0, 20)
      .map(({ i }) => toKm(...world.sitePositions[i]!));
    const kmToDeepest = (points: [number, number][]) =>
      points.map(([lng, lat]) => {
        const [x, y] = toKm(lng, lat);
        return Math.min(...deepest.map(([dx, dy]) => Math.hypot(x - dx, y - dy)));
      });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const geo = testCity();
    const random = seededRandom(3);
    const cityPoints: [number, number][] = [];
    while (cityPoints.length < 2000) {
      const p: [number, number] = [112.72 + random.next() * 1.51, 34.25 + random.next() * 0.74];
      if (geo.locateGridIndex(p[0], p[1]) >= 0) cityPoints.push(p);
    }
    const flood = kmToDeepest(reports.map((r) => [r.lng, r.lat]));
    const city = kmToDeepest(cityPoints);
    // Measured: ≈ 4.4 km mean and 1.4 km median against ≈ 33 and 29 km for points anywhere in the city.
    expect(mean(flood)).toBeLessThan(mean(city) / 6);
    expect(median(flood)).toBeLessThan(median(city) / 15);
  });

  it('lifts manhole covers by the flooded points, puts out lamps, traps people in lifts in the core — as it rains', () => {
    const inHour = (fromMs: number, kind?: SensorKind) => alarmStarts.filter((a) => a.simMs > fromMs && a.simMs <= fromMs + HOUR_MS && (!kind || a.kind === kind)).length;
    // Dry: a quiet city's dozen or so an hour.
    const dry = inHour(0) + inHour(HOUR_MS);
    expect(dry / 2).toBeLessThan(30);
    const peakFrom = stormPeakMs(storm) - HOUR_MS / 2;
    expect(inHour(peakFrom)).toBeGreaterThan((5 * dry) / 2);
    for (const kind of ['manholeCover', 'streetLight', 'signalLamp', 'elevator'] as const) expect(inHour(peakFrom, kind), kind).toBeGreaterThan(inHour(0, kind) + 5);

    const during = alarmStarts.filter((a) => a.simMs > storm.startMs && a.simMs < stormEndMs(storm));
    const kmTo = (index: number, [lng, lat]: LngLat) => {
      const [x, y] = toKm(registry.lng[index]!, registry.lat[index]!);
      const [px, py] = toKm(lng, lat);
      return Math.hypot(x - px, y - py);
    };
    const covers = during.filter((a) => a.kind === 'manholeCover');
    const byWater = covers.filter((a) => world.sitePositions.some((p) => kmTo(a.index, p) <= 1.5));
    expect(byWater.length / covers.length).toBeGreaterThan(0.8);
    const trapped = during.filter((a) => a.kind === 'elevator' && a.value === 2);
    const core = PLACES.find((p) => p.name === '二七塔商圈')!.position;
    expect(trapped.filter((a) => kmTo(a.index, core) <= 6).length / trapped.length).toBeGreaterThan(0.7);
  });

  it('clears the alarms again once the storm has passed', () => {
    expect(world.tally.alarmsCleared).toBeGreaterThan(0.9 * world.tally.alarmsStarted);
    expect(world.alarms.size).toBeLessThan(30);
  });
});

describe('the duty officer in a rainstorm', () => {
  const base = { mode: 'routine' as const, declared: false, rainMmPerH: 120, stormOver: false, deepest: { name: '京广路隧道', depthCm: 49 } };
  it('declares the emergency when the first point reaches red, once', () => {
    expect(floodAction(base)).toBeNull();
    const action = floodAction({ ...base, deepest: { name: '京广路隧道', depthCm: 50 } });
    expect(action?.mode).toBe('emergency');
    expect(action?.reason).toContain('暴雨红色预警');
    expect(floodAction({ ...base, mode: 'emergency', declared: true, deepest: { name: 'x', depthCm: 120 } })).toBeNull();
  });
  it('stands down only when the rain has stopped and the water has gone', () => {
    const after = { ...base, mode: 'emergency' as const, declared: true };
    expect(floodAction({ ...after, stormOver: true, rainMmPerH: 0, deepest: { name: 'x', depthCm: 15 } })).toBeNull();
    expect(floodAction({ ...after, stormOver: false, rainMmPerH: 0, deepest: { name: 'x', depthCm: 2 } })).toBeNull();
    expect(floodAction({ ...after, stormOver: true, rainMmPerH: 0, deepest: { name: 'x', depthCm: 2 } })?.mode).toBe('routine');
  });
});
