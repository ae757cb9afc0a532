/**
 * How a wall's picture moves on by one delta, written once for the two that do it: a wall's page
 * (client/realtime/wallState.ts) and replay, which rebuilds a past moment from a keyframe and the
 * deltas recorded after it (server/replay/). Pure: no clock, no I/O.
 */
import type { BroadcastProgress } from './domain/broadcasts.ts';
import type { ModeState } from './domain/modes.ts';
import type { AlarmView, WaterPointView } from './domain/sensors.ts';
import { WALL_SNAPSHOT_ALARMS, WALL_SNAPSHOT_EVENTS, type WallDelta, type WallEventDot, type WallSensorDelta, type WallSensors, type WallSnapshot } from './socketCatalogue.ts';

const newestAlarmFirst = (a: AlarmView, b: AlarmView) => b.sinceMs - a.sinceMs;

/** Changed events replace their earlier dots; newest received first, at most `cap`. */
export function mergeEventDots(dots: readonly WallEventDot[], changed: readonly WallEventDot[], cap: number): WallEventDot[] {
  if (changed.length === 0) return dots.length > cap ? dots.slice(0, cap) : (dots as WallEventDot[]);
  const byId = new Map(changed.map((e) => [e.id, e]));
  const kept = dots.filter((e) => !byId.has(e.id));
  return [...byId.values(), ...kept].sort((a, b) => b.receivedAtMs - a.receivedAtMs).slice(0, cap);
}

/** Cleared alarms (level 'none') leave; raised or changed ones are upserted; newest first, at most `cap`. */
export function mergeAlarms(alarms: readonly AlarmView[], changed: readonly AlarmView[], cap: number): AlarmView[] {
  if (changed.length === 0) return alarms as AlarmView[];
  const byId = new Map(changed.map((a) => [a.sensorId, a]));
  const kept = alarms.filter((a) => !byId.has(a.sensorId));
  const raised = [...byId.values()].filter((a) => a.level !== 'none');
  return [...raised, ...kept].sort(newestAlarmFirst).slice(0, cap);
}

/** A mode switch replaces the shown mode unless it is older than it (a late message after a snapshot). */
export const newerMode = (shown: ModeState, switched: ModeState): ModeState => (switched.sinceMs < shown.sinceMs ? shown : switched);

/** A broadcast's progress replaces the shown one when it is the same or a newer broadcast. */
export const newerBroadcast = (shown: BroadcastProgress | null, progress: BroadcastProgress): BroadcastProgress =>
  shown && shown.id !== progress.id && shown.sentAtMs > progress.sentAtMs ? shown : progress;

/** Changed waterlogging points replace theirs (by id); a new one is added at the end. */
function mergeWater(water: readonly WaterPointView[], changed: readonly WaterPointView[]): WaterPointView[] {
  if (changed.length === 0) return water as WaterPointView[];
  const byId = new Map(changed.map((p) => [p.id, p]));
  const merged = water.map((p) => byId.get(p.id) ?? p);
  const known = new Set(water.map((p) => p.id));
  return [...merged, ...changed.filter((p) => !known.has(p.id))];
}

function foldSensors(sensors: WallSensors, delta: WallSensorDelta | null): WallSensors {
  if (!delta) return sensors;
  return { water: mergeWater(sensors.water, delta.water), alarms: mergeAlarms(sensors.alarms, delta.alarms, WALL_SNAPSHOT_ALARMS), summary: delta.summary ?? sensors.summary };
}

/** A snapshot moved on by the delta that followed it: what a wall that had both showed. */
export function foldDelta(snapshot: WallSnapshot, delta: WallDelta): WallSnapshot {
  return {
    ...snapshot,
    seq: delta.seq,
    serverTimeMs: delta.serverTimeMs,
    domainTimeMs: delta.domainTimeMs,
    stats: delta.stats,
    events: mergeEventDots(snapshot.events, delta.events, WALL_SNAPSHOT_EVENTS),
    broadcast: delta.broadcast ? newerBroadcast(snapshot.broadcast, delta.broadcast) : snapshot.broadcast,
    mode: delta.mode ? newerMode(snapshot.mode, delta.mode) : snapshot.mode,
    sensors: foldSensors(snapshot.sensors, delta.sensors),
    workers: delta.workers,
  };
}
