import { beforeAll, describe, expect, it } from 'vitest';
import type { SensorReading } from '../../common/domain/sensors.ts';
import { seededRandom } from '../../common/geo/random.ts';
import { buildSensorRegistry, riverLinesOf, type SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { readRivers } from '../../server/geo/loadCity.ts';
import { holidayFocus } from '../../simulator/generators/eventFocus.ts';
import { planEvent } from '../../simulator/generators/eventPlan.ts';
import { drawFloodReports } from '../../simulator/generators/floodEvents.ts';
import { rainfallMmPerH, type StormPlan } from '../../simulator/generators/rainfall.ts';
import { SensorWorld, STEP_MS } from '../../simulator/sensors/sensorWorld.ts';
import { testCity } from '../support/city.ts';

const HOUR_MS = 3_600_000;
/** A compressed storm, as `npm start` plays it: a quarter-hour of normal day, two hours of rain. */
const storm: StormPlan = { startMs: HOUR_MS / 4, durationMs: 2 * HOUR_MS, peakMmPerH: 200 };

describe('same seed, same city', () => {
  let registry: SensorRegistry;
  beforeAll(() => {
    registry = buildSensorRegistry(testCity(), riverLinesOf(readRivers()), 20250720);
  }, 60_000);

  /** Everything a world says over a storm: gauge, alarm and heartbeat readings, and the flood reports. */
  const play = (seed: number) => {
    const geo = testCity();
    const world = new SensorWorld(registry, seed, 0, (simMs) => rainfallMmPerH(storm, simMs));
    const random = seededRandom(seed);
    const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
    const floods: unknown[] = [];
    world.onStep((_simMs, rain) => floods.push(...drawFloodReports(random, rain, STEP_MS, world.sitePositions, world.depthsCm, world.lowness, inCity)));
    const readings: SensorReading[] = [];
    // Uneven real ticks: the sim-time model must not depend on how they fall.
    for (let simMs = 0, tick = 0; simMs <= 4 * HOUR_MS; simMs += 37_000 + (tick++ % 5) * 11_000) readings.push(...world.advanceTo(simMs, 1_700_000_000_000));
    // The first seconds of the sweep and of the regular heartbeats.
    const heartbeats = [...world.heartbeats(0, 2_000, 1_700_000_000_000), ...world.heartbeats(20_000, 30_000, 1_700_000_000_000)];
    return { readings, heartbeats, floods };
  };

  const text = (x: unknown[]) => JSON.stringify(x);

  it('gives the same readings, in the same order, and the same flood reports', () => {
    const a = play(1);
    const b = play(1);
    expect(a.readings.length).toBeGreaterThan(30_000);
    expect(a.heartbeats.length).toBeGreaterThan(30_000);
    expect(a.floods.length).toBeGreaterThan(100);
    expect(text(b.readings)).toBe(text(a.readings));
    expect(text(b.heartbeats)).toBe(text(a.heartbeats));
    expect(text(b.floods)).toBe(text(a.floods));
  });

  it('gives different readings for a different seed', () => {
    const a = play(1);
    const c = play(2);
    expect(text(c.readings)).not.toBe(text(a.readings));
    expect(text(c.heartbeats)).not.toBe(text(a.heartbeats));
    expect(text(c.floods)).not.toBe(text(a.floods));
  });

  it('plans the same holiday events for the same seed', () => {
    const geo = testCity();
    const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
    const plan = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 200 }, (_, i) => planEvent(random, i * 60_000, String(i), inCity, holidayFocus()));
    };
    expect(plan(5)).toEqual(plan(5));
    expect(plan(6)).not.toEqual(plan(5));
  });
});
