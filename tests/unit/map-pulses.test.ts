import { describe, expect, it } from 'vitest';
import type { WallEventDot } from '../../common/socketCatalogue.ts';
import { NEW_EVENT_MS } from '../../client/map/eventLayers.ts';
import { PULSE_STEP_MS, pulseTime, somethingPulses } from '../../client/map/pulseClock.ts';

const dot = (receivedAtMs: number): WallEventDot => ({
  id: `E${receivedAtMs}`,
  category: 'garbage',
  channel: 'hotline12345',
  state: 'reported',
  lng: 113.66,
  lat: 34.75,
  districtCode: '410102',
  receivedAtMs,
  escalation: null,
});

/** Plays the wall's 200 ms re-renders from `fromMs` for `forMs`, returning the pulse times drawn. */
function play(events: WallEventDot[], ringing: number, fromMs: number, forMs: number): number[] {
  let held: number | null = null;
  const drawn: number[] = [];
  for (let now = fromMs; now < fromMs + forMs; now += 200) {
    const next = pulseTime(now, held, (atMs) => somethingPulses(events, ringing, atMs));
    held = next.heldMs;
    drawn.push(next.atMs);
  }
  return drawn;
}

describe('the map pulses only while something is new or ringing', () => {
  it('moves in steps while an event is new, then stands still once none is', () => {
    const receivedAtMs = 1_000_000;
    const drawn = play([dot(receivedAtMs)], 0, receivedAtMs, NEW_EVENT_MS + 10_000);
    const whileNew = drawn.filter((_, i) => receivedAtMs + i * 200 < receivedAtMs + NEW_EVENT_MS);
    expect(new Set(whileNew).size).toBe(whileNew.length);
    for (const atMs of whileNew) expect(atMs % PULSE_STEP_MS).toBe(0);
    const after = drawn.slice(whileNew.length);
    // Still: one time for the ten seconds after, at which no ring is drawn.
    expect(new Set(after).size).toBe(1);
    expect(somethingPulses([dot(receivedAtMs)], 0, after[0]!)).toBe(false);
  });

  it('stands still with nothing new from the start, and moves again when a red alarm rings', () => {
    const old = [dot(0), dot(5_000)];
    expect(new Set(play(old, 0, 600_000, 60_000)).size).toBe(1);
    expect(new Set(play(old, 1, 600_000, 2_000)).size).toBe(10);
  });
});
