import { describe, expect, it } from 'vitest';
import { INITIAL_MODE, type ModeState } from '../../common/domain/modes.ts';
import { SENSOR_KINDS, type AlarmView, type SensorSummary, type WaterPointView } from '../../common/domain/sensors.ts';
import { PLACES } from '../../common/geo/places.ts';
import type { WallDelta, WallSensorDelta, WallSnapshot } from '../../common/socketCatalogue.ts';
import { eventsNearPlaces } from '../../client/panels/placeCounts.ts';
import { deepestWater } from '../../client/panels/WaterTop.tsx';
import { applyDelta, applyModeChange, applySnapshot, type WallState } from '../../client/realtime/wallState.ts';
import { WALL_ALARMS_KEPT } from '../../client/realtime/wallSensorsState.ts';
import { SOURCE_SILENT_AFTER_MS, sourceFreshness } from '../../client/wall/freshness.ts';
import { WALL_ARRANGEMENTS } from '../../client/wall/wallLayout.ts';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);
const water = (id: string, depthCm = 0, level: WaterPointView['level'] = 'none'): WaterPointView => ({ id, name: `点${id}`, lng: 113.6, lat: 34.7, depthCm, level, atMs: T0 });
const alarm = (sensorId: string, sinceMs: number, level: AlarmView['level'] = 'red'): AlarmView => ({
  sensorId,
  kind: 'gasLeak',
  lng: 113.6,
  lat: 34.7,
  districtCode: '410103',
  level,
  value: 30,
  unit: '%LEL',
  sinceMs,
});
const summary = (asOfMs: number): SensorSummary => ({
  asOfMs,
  byKind: Object.fromEntries(SENSOR_KINDS.map((k) => [k, { total: 10, online: 9, alarming: 0 }])) as SensorSummary['byKind'],
  byDistrict: {},
  lastHeardMs: { waterlogging: asOfMs, iot: asOfMs, camera: asOfMs },
});
const mode = (m: ModeState['mode'], sinceMs: number): ModeState => ({ mode: m, sinceMs, actor: 'officer', reason: '暴雨红色预警' });

const snapshot: WallSnapshot = {
  seq: 5,
  serverTimeMs: T0 as never,
  domainTimeMs: T0 as never,
  workers: { onDuty: 0, byDistrict: {} },
  geo: null as never,
  stats: null as never,
  events: [],
  broadcast: null,
  mode: mode('holiday', T0 - 1000),
  sensors: { water: [water('WL1'), water('WL2', 12, 'blue')], alarms: [alarm('GL1', T0 - 5), alarm('GL2', T0 - 1)], summary: summary(T0) },
};
const delta = (seq: number, sensors: Partial<WallSensorDelta> | null): WallDelta => ({
  seq,
  serverTimeMs: T0 as never,
  domainTimeMs: T0 as never,
  workers: { onDuty: 0, byDistrict: {} },
  stats: null as never,
  events: [],
  omitted: 0,
  newestEventId: null,
  sensors: sensors && { water: [], alarms: [], alarmsOmitted: 0, summary: null, ...sensors },
  load: { shedding: false, lagMs: 0 },
  broadcast: null,
  mode: null,
});
const next = (state: WallState, d: WallDelta) => applyDelta(state, d) as WallState;

describe('the wall’s sensing and mode', () => {
  it('keeps the snapshot’s mode, water points by id and alarms newest first', () => {
    const state = applySnapshot(snapshot);
    expect(state.mode.mode).toBe('holiday');
    expect(state.sensors.water.map((p) => p.id)).toEqual(['WL1', 'WL2']);
    expect(state.sensors.waterIndex.get('WL2')).toBe(1);
    expect(state.sensors.alarms.map((a) => a.sensorId)).toEqual(['GL2', 'GL1']);
    expect(state.sensors.summary?.asOfMs).toBe(T0);
  });

  it('starts routine and unsensed when a server sends no sensors or mode', () => {
    const { mode: _m, sensors: _s, ...old } = snapshot;
    const state = applySnapshot(old as WallSnapshot);
    expect(state.mode).toEqual(INITIAL_MODE);
    expect(state.sensors.water).toEqual([]);
  });

  it('replaces changed water points in place and appends a point it did not know', () => {
    const state = next(applySnapshot(snapshot), delta(6, { water: [water('WL1', 40, 'orange'), water('WL9', 5, 'none')] }));
    expect(state.sensors.water.map((p) => [p.id, p.depthCm])).toEqual([
      ['WL1', 40],
      ['WL2', 12],
      ['WL9', 5],
    ]);
    expect(state.sensors.waterIndex.get('WL9')).toBe(2);
  });

  it('removes cleared alarms, upserts the others newest first, and keeps a bounded list', () => {
    const state = next(applySnapshot(snapshot), delta(6, { alarms: [alarm('GL1', T0 - 5, 'none'), alarm('GL2', T0 - 1, 'orange'), alarm('GL3', T0)] }));
    expect(state.sensors.alarms.map((a) => [a.sensorId, a.level])).toEqual([
      ['GL3', 'red'],
      ['GL2', 'orange'],
    ]);
    const storm = Array.from({ length: WALL_ALARMS_KEPT + 50 }, (_, i) => alarm(`S${i}`, T0 + i));
    const flooded = next(state, delta(7, { alarms: storm }));
    expect(flooded.sensors.alarms).toHaveLength(WALL_ALARMS_KEPT);
    expect(flooded.sensors.alarms[0]!.sensorId).toBe(`S${WALL_ALARMS_KEPT + 49}`);
  });

  it('keeps sensing and summary through a delta without them, and notes omitted alarm changes', () => {
    const state = applySnapshot(snapshot);
    const quiet = next(state, delta(6, null));
    expect(quiet.sensors).toBe(state.sensors);
    const partial = next(quiet, delta(7, { alarmsOmitted: 3 }));
    expect(partial.sensors.summary).toBe(state.sensors.summary);
    expect(partial.sensors.alarmsIncomplete).toBe(true);
    expect(applySnapshot(snapshot).sensors.alarmsIncomplete).toBe(false);
  });

  it('switches the mode, unless the message is older than the mode shown', () => {
    const state = applySnapshot(snapshot);
    expect(applyModeChange(state, mode('emergency', T0)).mode.mode).toBe('emergency');
    expect(applyModeChange(state, mode('routine', T0 - 5000))).toBe(state);
  });
});

describe('data freshness', () => {
  const base = { serverNowMs: T0, linkLive: true, eventsAsOfMs: T0 - 1000, lastHeardMs: { waterlogging: T0 - 60_000, iot: T0 - 1000, camera: null } };

  it('calls a source delayed once silent past its cadence, and a never-heard source so', () => {
    const fresh = sourceFreshness(base);
    expect([fresh.events.state, fresh.water.state, fresh.iot.state, fresh.camera.state]).toEqual(['live', 'live', 'live', 'never']);
    expect(SOURCE_SILENT_AFTER_MS.water).toBe(150_000);
    const late = sourceFreshness({ ...base, serverNowMs: T0 + 100_000 });
    expect(late.water).toEqual({ source: 'water', state: 'delayed', ageMs: 160_000 });
    expect(late.iot.state).toBe('live');
    // The whole IoT fleet silent for over two minutes: its gateway is down.
    expect(sourceFreshness({ ...base, serverNowMs: T0 + 125_000 }).iot.state).toBe('delayed');
  });

  it('shows nothing as live over a dead link', () => {
    const down = sourceFreshness({ ...base, linkLive: false });
    expect(down.events.state).toBe('delayed');
    expect(down.water.state).toBe('delayed');
  });
});

describe('the wall’s derived panels', () => {
  it('counts today’s events within a kilometre of each landmark', () => {
    const [lng, lat] = PLACES[0]!.position;
    const events = [
      { lng, lat, receivedAtMs: T0 },
      { lng: lng + 0.005, lat, receivedAtMs: T0 }, // about 460 m east
      { lng: lng + 0.02, lat, receivedAtMs: T0 }, // about 1.8 km east
      { lng, lat, receivedAtMs: T0 - 86_400_000 }, // yesterday
    ];
    const counts = eventsNearPlaces(events, T0 - 3_600_000);
    expect(counts.find((c) => c.place === PLACES[0])!.count).toBe(2);
  });

  it('ranks the deepest water, leaving dry points out', () => {
    const points = [water('A', 0), water('B', 30, 'yellow'), water('C', 55, 'red'), water('D', 8, 'blue')];
    expect(deepestWater(points, 2).map((p) => p.id)).toEqual(['C', 'B']);
    expect(deepestWater([water('A', 0)], 10)).toEqual([]);
  });

  it('lays out each emphasis with every panel once, two columns at 16:9 and four at 32:9', () => {
    for (const [emphasis, { standard, wide }] of Object.entries(WALL_ARRANGEMENTS)) {
      expect(standard.columns, emphasis).toHaveLength(2);
      expect(wide.columns, emphasis).toHaveLength(4);
      for (const { columns, foot } of [standard, wide]) {
        const shown = [...columns.flat(), ...(foot ? [foot] : [])];
        expect(new Set(shown).size, emphasis).toBe(shown.length);
      }
    }
    const water = WALL_ARRANGEMENTS.water.standard.columns;
    expect(water.map((column) => column[0])).toEqual(['waterTop', 'landing']);
    expect(water.flat()).toEqual(expect.arrayContaining(['waterTop', 'alarms', 'deviceOnline', 'landing']));
    expect(WALL_ARRANGEMENTS.crowds.standard.columns.flat()).toContain('keyPlaces');
    expect(WALL_ARRANGEMENTS.events.standard.foot).toBe('sensorBrief');
  });
});
