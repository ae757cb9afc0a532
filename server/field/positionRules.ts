import type { PositionUpdate, TrackPoint } from '../../common/domain/field.ts';
import { distanceKm } from '../../common/geo/projection.ts';
import { PATROL_GAP_MS } from './patrolTally.ts';
import type { TrackWindow } from './trackThinning.ts';

/** A phone's clock may run this far ahead, ms; a fix older than this is stale, ms. */
const AHEAD_MS = 60_000;
const STALE_MS = 10 * 60_000;
/** Faster than this between fixes is not a person on patrol, m/s (180 km/h). */
const MAX_SPEED_M_PER_S = 50;
/** Fixes closer together than this are refused, ms: one every 30 s is the phone's pace, bursts at shift change included. */
const MIN_INTERVAL_MS = 5_000;
/** A fix taken here sooner than this after the last one is too frequent, ms: the 5 s spacing, less 1 s the network may squeeze out of it. */
const MIN_RECEIPT_INTERVAL_MS = MIN_INTERVAL_MS - 1_000;
/**
 * How much more time a phone may claim since the start of its walk than has passed here, ms: the
 * age of its fix (the worker app takes one up to 15 s old) and the network's and this server's
 * delays, which vary from fix to fix. Beyond it the fixes are back-dated.
 */
const RECEIPT_SLACK_MS = 60_000;
/** After this long without a fix taken here the phone's clock is judged afresh, ms: no walk spans the gap (a patrol's steps are at most PATROL_GAP_MS). */
const RECEIPT_RESET_MS = PATROL_GAP_MS;

/** What the worker's phone has told so far. */
export interface FieldState {
  onDuty: boolean;
  /** When duty last changed, real ms (0: never): the newer word wins between nodes. */
  dutyAtMs: number;
  last: TrackPoint | null;
  /** What the track has kept and the fixes since (trackThinning.ts). */
  track: TrackWindow;
  /** When this node took the phone's last fix, by its own clock (null: none yet, or it heard of it from another node). */
  receipt: Receipt | null;
}

/** This server's side of a phone's fixes: when the last was taken, and how far behind the phone's clock ran at most since its walk began. */
export interface Receipt {
  atMs: number;
  /** The largest (receipt − atMs) over the walk's fixes, ms. */
  lagMs: number;
}

/**
 * Judges a position from a phone: refused off duty, outside the city, from the future, stale,
 * too soon after the last or too fast from it; accepted ones come with the receipt to remember
 * (what the day's track keeps of them is trackThinning.ts's to say). Pure: the
 * caller passes the time, `nowMs`, which is when the fix reached this server.
 *
 * The phone's clock is not taken on its word alone: a fix is judged on when it arrived as well as
 * on the time it claims. It is too frequent when it arrives sooner than the spacing allows after
 * the last one taken here, and back-dated when, since the walk began, the phone claims more time
 * than has passed here by more than RECEIPT_SLACK_MS — so a burst of fixes each dated 25 s after
 * the last, sent within seconds, walks nowhere. A phone whose clock is simply wrong (behind, or up
 * to a minute ahead) keeps its error from fix to fix and is not affected.
 */
export function judgePosition(state: FieldState, update: PositionUpdate, nowMs: number, inCity: boolean): { error: string } | { point: TrackPoint; receipt: Receipt } {
  if (!state.onDuty) return { error: 'off duty: positions are shared only on duty (duty:set)' };
  if (!inCity) return { error: `(${update.lng}, ${update.lat}) is outside the city` };
  if (update.atMs > nowMs + AHEAD_MS) return { error: 'atMs: from the future' };
  if (update.atMs < nowMs - STALE_MS) return { error: 'atMs: older than 10 minutes' };
  const point = { lng: update.lng, lat: update.lat, atMs: update.atMs };
  const lagMs = nowMs - point.atMs;
  const last = state.last;
  // Within a walk (the last fix taken here less than RECEIPT_RESET_MS ago), its receipts count too.
  const receipt = state.receipt && nowMs - state.receipt.atMs < RECEIPT_RESET_MS ? state.receipt : null;
  if (last) {
    if (point.atMs <= last.atMs) return { error: 'atMs: not after the last position' };
    if (point.atMs - last.atMs < MIN_INTERVAL_MS) return { error: 'too frequent: at most one position every 5 s' };
  }
  if (receipt) {
    if (nowMs - receipt.atMs < MIN_RECEIPT_INTERVAL_MS) return { error: 'too frequent: at most one position every 5 s (as they arrive)' };
    if (lagMs < receipt.lagMs - RECEIPT_SLACK_MS) return { error: 'atMs: back-dated: the phone claims more time since its earlier positions than has passed at the server' };
  }
  if (last) {
    const metres = distanceKm([last.lng, last.lat], [point.lng, point.lat]) * 1000;
    if (metres / ((point.atMs - last.atMs) / 1000) > MAX_SPEED_M_PER_S) return { error: 'too fast: more than 180 km/h since the last position' };
  }
  return { point, receipt: { atMs: nowMs, lagMs: receipt ? Math.max(receipt.lagMs, lagMs) : lagMs } };
}
