import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../common/geo/projection.ts';
import { MAX_REAL_M_PER_S, metresBetweenFixes, onShift, SHIFTS, shiftOf, startWalker, walk } from '../../simulator/fleet/patrol.ts';

describe('simulated patrols', () => {
  it('cover every hour with a shift, the night watch across midnight, in the shifts’ shares', () => {
    for (let hour = 0; hour < 24; hour += 0.5) expect(SHIFTS.some((_, s) => onShift(s, hour))).toBe(true);
    expect(onShift(2, 23)).toBe(true);
    expect(onShift(2, 3)).toBe(true);
    expect(onShift(2, 12)).toBe(false);
    expect(onShift(0, 6)).toBe(true);
    expect(onShift(0, 14)).toBe(false);
    const drawn = Array.from({ length: 1000 }, (_, i) => shiftOf(i / 1000));
    expect(drawn.filter((s) => s === 2).length).toBe(200);
  });

  it('walk their round at the given distance, turning at each point, and never faster than a phone may report', () => {
    const round = [113.6, 34.7, 113.61, 34.7, 113.61, 34.71];
    const walker = startWalker(round);
    walk(walker, 500);
    expect(distanceKm([113.6, 34.7], [walker.lng, walker.lat]) * 1000).toBeCloseTo(500, 0);
    // Past the second point (≈ 915 m away), the walk turns north.
    walk(walker, 600);
    expect(walker.lng).toBe(113.61);
    expect(walker.lat).toBeGreaterThan(34.7);
    expect(walker.next).toBe(2);
    expect(metresBetweenFixes(30_000, 20)).toBeCloseTo(720);
    expect(metresBetweenFixes(30_000, 600)).toBe(MAX_REAL_M_PER_S * 30);
  });
});
