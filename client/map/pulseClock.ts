import type { WallEventDot } from '../../common/socketCatalogue.ts';
import { NEW_EVENT_MS } from './eventLayers.ts';

/** Pulses advance in steps of this, ms: smooth enough for a ring, few enough redraws. */
export const PULSE_STEP_MS = 100;

/** Whether anything on the map pulses at `atMs`: a new event's ring, or a red alarm's. */
export function somethingPulses(events: readonly WallEventDot[], ringingAlarms: number, atMs: number): boolean {
  return ringingAlarms > 0 || events.some((e) => atMs - e.receivedAtMs < NEW_EVENT_MS);
}

/**
 * The time the map's pulses are drawn at. It moves in steps while something pulses and stands still
 * at the first step where nothing does, so that a map where nothing changes is not redrawn: a wall
 * runs for years, and every redraw of the map costs its GPU (in software rendering, a core).
 * `heldMs` is the still time kept from the previous call, null while pulsing.
 */
export function pulseTime(nowMs: number, heldMs: number | null, pulses: (atMs: number) => boolean): { atMs: number; heldMs: number | null } {
  const stepMs = Math.floor(nowMs / PULSE_STEP_MS) * PULSE_STEP_MS;
  if (pulses(stepMs)) return { atMs: stepMs, heldMs: null };
  const still = heldMs ?? stepMs;
  return { atMs: still, heldMs: still };
}
