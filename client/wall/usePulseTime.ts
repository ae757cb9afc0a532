import { useRef } from 'react';
import { pulseTime } from '../map/pulseClock.ts';

/** The time the map's pulses are drawn at (pulseClock.ts): moving while something pulses, still otherwise. */
export function usePulseTime(nowMs: number, pulses: (atMs: number) => boolean): number {
  const held = useRef<number | null>(null);
  const { atMs, heldMs } = pulseTime(nowMs, held.current, pulses);
  held.current = heldMs;
  return atMs;
}
