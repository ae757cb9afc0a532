import type { WorkersOnDuty } from '../../common/domain/field.ts';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { INITIAL_MODE, type ModeState } from '../../common/domain/modes.ts';
import type { TodayStats } from '../../common/domain/stats.ts';
import type { WallDelta, WallEventDot, WallSnapshot } from '../../common/socketCatalogue.ts';
import { mergeEventDots, newerBroadcast, newerMode } from '../../common/wallFold.ts';
import { applySensorDelta, emptySensorsState, sensorsFromSnapshot, type WallSensorsState } from './wallSensorsState.ts';

/**
 * Events a wall keeps for its map: bounded, so a wall that runs for days does not grow; 20,000 is
 * a busy day of the whole city (the frame-time benchmark draws that many in one street view).
 */
export const WALL_EVENTS_KEPT = 20_000;

export interface WallState {
  seq: number;
  geo: GeoSummary | null;
  stats: TodayStats | null;
  events: WallEventDot[];
  /** Server time of the newest message, to show how fresh the figures are. */
  serverTimeMs: number;
  /** The city's time at the server's last message (the simulator's while one drives it). */
  domainTimeMs: number;
  /** Grid workers on duty now. */
  workers: WorkersOnDuty;
  broadcast: BroadcastProgress | null;
  /** The city's operating mode: what the wall leads with. */
  mode: ModeState;
  sensors: WallSensorsState;
  /** The server said it is past capacity: its figures may be late, and the wall says so. */
  load: { shedding: boolean; lagMs: number };
}

const CALM = { shedding: false, lagMs: 0 };

const NO_WORKERS: WorkersOnDuty = { onDuty: 0, byDistrict: {} };
export const emptyWallState: WallState = {
  seq: -1,
  geo: null,
  stats: null,
  events: [],
  serverTimeMs: 0,
  domainTimeMs: 0,
  workers: NO_WORKERS,
  broadcast: null,
  mode: INITIAL_MODE,
  sensors: emptySensorsState,
  load: CALM,
};

/** Pure updaters: the socket owner feeds them, components only read the result. */
export function applySnapshot(snapshot: WallSnapshot): WallState {
  return {
    seq: snapshot.seq,
    geo: snapshot.geo,
    stats: snapshot.stats,
    events: snapshot.events.slice(0, WALL_EVENTS_KEPT),
    serverTimeMs: snapshot.serverTimeMs,
    // A server from before the domain clock sends none: its real time is the city's.
    domainTimeMs: snapshot.domainTimeMs ?? snapshot.serverTimeMs,
    workers: snapshot.workers ?? NO_WORKERS,
    broadcast: snapshot.broadcast,
    // A server from before sensors and modes sends neither: the wall stays in routine, unsensed.
    mode: snapshot.mode ?? INITIAL_MODE,
    sensors: sensorsFromSnapshot(snapshot.sensors),
    load: CALM,
  };
}

/** Applies a delta, or returns 'gap' when one was missed and a snapshot is needed. */
export function applyDelta(state: WallState, delta: WallDelta): WallState | 'gap' {
  if (delta.seq <= state.seq) return state;
  if (delta.seq !== state.seq + 1) return 'gap';
  const events = delta.events.length > 0 ? mergeEventDots(state.events, delta.events, WALL_EVENTS_KEPT) : state.events;
  let next: WallState = {
    ...state,
    seq: delta.seq,
    stats: delta.stats,
    events,
    serverTimeMs: delta.serverTimeMs,
    domainTimeMs: delta.domainTimeMs ?? delta.serverTimeMs,
    workers: delta.workers ?? state.workers,
    sensors: applySensorDelta(state.sensors, delta.sensors),
    load: delta.load ?? CALM,
  };
  if (delta.broadcast) next = applyBroadcastProgress(next, delta.broadcast);
  if (delta.mode) next = applyModeChange(next, delta.mode);
  return next;
}

/** A mode switch replaces the shown mode unless it is older than it (a late message after a snapshot). */
export function applyModeChange(state: WallState, mode: ModeState): WallState {
  const shown = newerMode(state.mode, mode);
  return shown === state.mode ? state : { ...state, mode: shown };
}

/** A broadcast's progress replaces the shown one when it is the same or a newer broadcast. */
export function applyBroadcastProgress(state: WallState, progress: BroadcastProgress): WallState {
  const shown = newerBroadcast(state.broadcast, progress);
  return shown === state.broadcast ? state : { ...state, broadcast: shown };
}
