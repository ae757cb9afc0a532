import type { TrackPoint } from '../../common/domain/field.ts';
import { toKm } from '../../common/geo/projection.ts';

/**
 * What a patrol's track keeps: the corners of the walk, not every fix. A phone shares a fix every
 * 30 s — ≈ 960 a worker in an 8-hour shift, 96 million a day for the city — while a patrol seen on
 * a map is its turns. A fix is kept when the walk since the last kept one stops being a straight
 * line (some fix in between is more than CORRIDOR_M off the segment: the fix before the turn is
 * kept, at most one per MIN_CORNER_MS), when the worker has stood still for STAND_MS, and at
 * least every MAX_GAP_MS. Patrol time
 * and distance are tallied from every fix before this (patrolTally.ts), so the assessments'
 * figures do not depend on it. Pure.
 */

/** A fix further than this from the straight line between the kept ones breaks it, m. */
const CORRIDOR_M = 20;
/**
 * A turn is kept only this long after the last kept fix, ms: a round of a small grid turns every
 * few steps, and a shift's track stays within 8 h / 2.5 min = 192 corners.
 */
const MIN_CORNER_MS = 150_000;
/** Within this of the last kept fix, the worker is standing, m. */
const STAND_M = 30;
/** Standing this long keeps a fix, ms: the track shows where the worker waited. */
const STAND_MS = 4 * 60_000;
/** The track keeps a fix at least this often, ms, however straight the walk. */
export const MAX_GAP_MS = 10 * 60_000;

/**
 * The window of a worker's track: the last kept fix, and the fixes since (taken, not kept),
 * flat as [lng, lat, atMs, …] so that 100,000 workers' windows stay small.
 */
export interface TrackWindow {
  kept: TrackPoint | null;
  since: number[];
}

export const emptyWindow = (): TrackWindow => ({ kept: null, since: [] });

/** Metres of `p` off the segment a→b (a local flat projection: a walk's scale). */
function offLineM(a: TrackPoint, b: TrackPoint, lng: number, lat: number): number {
  const [ax, ay] = toKm(a.lng, a.lat);
  const [bx, by] = toKm(b.lng, b.lat);
  const [px, py] = toKm(lng, lat);
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSq));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) * 1000;
}

const distanceM = (a: TrackPoint, b: TrackPoint) => {
  const [ax, ay] = toKm(a.lng, a.lat);
  const [bx, by] = toKm(b.lng, b.lat);
  return Math.hypot(ax - bx, ay - by) * 1000;
};

/** A new fix `p` in the window: the fixes to keep now (oldest first; none, one or two) and the window after. */
export function thinTrack(window: TrackWindow, p: TrackPoint): { keep: TrackPoint[]; window: TrackWindow } {
  const kept = window.kept;
  if (!kept) return { keep: [p], window: { kept: p, since: [] } };
  const since = window.since;
  for (let i = 0; i < since.length; i += 3) {
    if (since[since.length - 1]! - kept.atMs < MIN_CORNER_MS) break;
    if (offLineM(kept, p, since[i]!, since[i + 1]!) <= CORRIDOR_M) continue;
    // The walk turned: the fix just before this one is the corner; then judge this one from there.
    const n = since.length;
    const corner = { lng: since[n - 3]!, lat: since[n - 2]!, atMs: since[n - 1]! };
    const after = thinTrack({ kept: corner, since: [] }, p);
    return { keep: [corner, ...after.keep], window: after.window };
  }
  const waitedMs = p.atMs - kept.atMs;
  if (waitedMs >= MAX_GAP_MS || (waitedMs >= STAND_MS && distanceM(kept, p) <= STAND_M)) return { keep: [p], window: { kept: p, since: [] } };
  return { keep: [], window: { kept, since: [...since, p.lng, p.lat, p.atMs] } };
}
