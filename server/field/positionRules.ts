import type { PositionUpdate, TrackPoint } from '../../common/domain/field.ts';
import { distanceKm } from '../../common/geo/projection.ts';

/** A phone's clock may run this far ahead, ms; a fix older than this is stale, ms. */
const AHEAD_MS = 60_000;
const STALE_MS = 10 * 60_000;
/** Faster than this between fixes is not a person on patrol, m/s (180 km/h). */
const MAX_SPEED_M_PER_S = 50;
/** Fixes closer together than this are refused, ms: one every 30 s is the phone's pace, bursts at shift change included. */
const MIN_INTERVAL_MS = 5_000;
/** The track keeps a point at most this often, ms, unless the worker moved at least TRACK_MIN_MOVE_M. */
const TRACK_EVERY_MS = 25_000;
const TRACK_MIN_MOVE_M = 100;

/** What the worker's phone has told so far. */
export interface FieldState {
  onDuty: boolean;
  /** When duty last changed, real ms (0: never): the newer word wins between nodes. */
  dutyAtMs: number;
  last: TrackPoint | null;
  lastStored: TrackPoint | null;
}

/**
 * Judges a position from a phone: refused off duty, outside the city, from the future, stale,
 * too soon after the last or too fast from it; accepted ones say whether the day's track keeps
 * it (downsampled: every 25 s, or on a move of 100 m). Pure: the caller passes the time.
 */
export function judgePosition(state: FieldState, update: PositionUpdate, nowMs: number, inCity: boolean): { error: string } | { point: TrackPoint; keep: boolean } {
  if (!state.onDuty) return { error: 'off duty: positions are shared only on duty (duty:set)' };
  if (!inCity) return { error: `(${update.lng}, ${update.lat}) is outside the city` };
  if (update.atMs > nowMs + AHEAD_MS) return { error: 'atMs: from the future' };
  if (update.atMs < nowMs - STALE_MS) return { error: 'atMs: older than 10 minutes' };
  const point = { lng: update.lng, lat: update.lat, atMs: update.atMs };
  const last = state.last;
  if (last) {
    if (point.atMs <= last.atMs) return { error: 'atMs: not after the last position' };
    if (point.atMs - last.atMs < MIN_INTERVAL_MS) return { error: 'too frequent: at most one position every 5 s' };
    const metres = distanceKm([last.lng, last.lat], [point.lng, point.lat]) * 1000;
    if (metres / ((point.atMs - last.atMs) / 1000) > MAX_SPEED_M_PER_S) return { error: 'too fast: more than 180 km/h since the last position' };
  }
  const stored = state.lastStored;
  const keep = !stored || point.atMs - stored.atMs >= TRACK_EVERY_MS || distanceKm([stored.lng, stored.lat], [point.lng, point.lat]) * 1000 >= TRACK_MIN_MOVE_M;
  return { point, keep };
}
