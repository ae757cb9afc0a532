import type { AlarmView, SensorSummary, WaterPointView } from '../../common/domain/sensors.ts';
import { WALL_SNAPSHOT_ALARMS, type WallSensorDelta, type WallSensors } from '../../common/socketCatalogue.ts';
import { mergeAlarms } from '../../common/wallFold.ts';

/** Alarms a wall keeps: as many as a snapshot carries, so a storm cannot grow the page. */
export const WALL_ALARMS_KEPT = WALL_SNAPSHOT_ALARMS;

/** The city's sensing as the wall holds it between snapshots. */
export interface WallSensorsState {
  /** Every waterlogging point in a stable (registry) order, so map buffers keep their slots. */
  water: WaterPointView[];
  /** Where each point sits in `water`, by sensor id. */
  waterIndex: ReadonlyMap<string, number>;
  /** Devices in alarm now, newest first, at most WALL_ALARMS_KEPT. */
  alarms: AlarmView[];
  summary: SensorSummary | null;
  /**
   * A delta left alarm changes out: a cleared alarm may still be listed, so the feed asks for a
   * snapshot (throttled) rather than show it for days.
   */
  alarmsIncomplete: boolean;
}

export const emptySensorsState: WallSensorsState = { water: [], waterIndex: new Map(), alarms: [], summary: null, alarmsIncomplete: false };

const newestFirst = (a: AlarmView, b: AlarmView) => b.sinceMs - a.sinceMs;

/** The snapshot's sensing, whole. Tolerates a server that does not send sensors yet. */
export function sensorsFromSnapshot(sensors: WallSensors | undefined): WallSensorsState {
  if (!sensors) return emptySensorsState;
  return {
    water: sensors.water,
    waterIndex: new Map(sensors.water.map((p, i) => [p.id, i])),
    alarms: [...sensors.alarms].sort(newestFirst).slice(0, WALL_ALARMS_KEPT),
    summary: sensors.summary,
    alarmsIncomplete: false,
  };
}

/** Changed points replace their slot; a point the snapshot did not have is appended. */
function applyWater(state: WallSensorsState, changed: WaterPointView[]): Pick<WallSensorsState, 'water' | 'waterIndex'> {
  if (changed.length === 0) return state;
  const water = [...state.water];
  let waterIndex = state.waterIndex;
  for (const point of changed) {
    const slot = waterIndex.get(point.id);
    if (slot !== undefined) water[slot] = point;
    else {
      if (waterIndex === state.waterIndex) waterIndex = new Map(state.waterIndex);
      (waterIndex as Map<string, number>).set(point.id, water.length);
      water.push(point);
    }
  }
  return { water, waterIndex };
}

export function applySensorDelta(state: WallSensorsState, delta: WallSensorDelta | null | undefined): WallSensorsState {
  if (!delta) return state;
  return {
    ...applyWater(state, delta.water),
    alarms: mergeAlarms(state.alarms, delta.alarms, WALL_ALARMS_KEPT),
    summary: delta.summary ?? state.summary,
    alarmsIncomplete: state.alarmsIncomplete || delta.alarmsOmitted > 0,
  };
}
