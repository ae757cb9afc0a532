import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../common/domain/field.ts';
import { randomPointInGrid } from '../../common/geo/gridPoints.ts';
import { distanceKm } from '../../common/geo/projection.ts';
import { seededRandom } from '../../common/geo/random.ts';
import { loadCity } from '../../server/geo/loadCity.ts';
import { emptyWindow, type TrackWindow, thinTrack } from '../../server/field/trackThinning.ts';
import { startWalker, WALK_M_PER_S, walk } from '../../simulator/fleet/patrol.ts';

const FIX_EVERY_MS = 30_000;
const SHIFT_MS = 8 * 3_600_000;

/** Every fix of a shift, and the ones the track keeps. */
function shift(fixes: TrackPoint[]): { kept: TrackPoint[] } {
  let window: TrackWindow = emptyWindow();
  const kept: TrackPoint[] = [];
  for (const p of fixes) {
    const next = thinTrack(window, p);
    kept.push(...next.keep);
    window = next.window;
  }
  return { kept };
}

/** Metres from `p` to the kept track's polyline. */
function offTrackM(kept: TrackPoint[], p: TrackPoint): number {
  let best = Infinity;
  for (let i = 1; i < kept.length; i++) {
    const a = kept[i - 1]!;
    const b = kept[i]!;
    // Sampled along the segment: enough to tell 20 m from 200.
    for (let t = 0; t <= 1; t += 0.02) best = Math.min(best, distanceKm([a.lng + (b.lng - a.lng) * t, a.lat + (b.lat - a.lat) * t], [p.lng, p.lat]) * 1000);
  }
  return best;
}

describe('a patrol’s track, thinned', () => {
  const geo = loadCity();
  const random = seededRandom(20261207);
  // Simulated workers' rounds: six points inside their own grid, walked in turn all shift long.
  const rounds = Array.from({ length: 40 }, () => {
    const grid = Math.floor(random.next() * geo.grids.length);
    const walker = startWalker(Array.from({ length: 6 }, () => randomPointInGrid(geo, grid, random.next)).flat());
    const startMs = Date.UTC(2026, 11, 7, 0, 0);
    return Array.from({ length: SHIFT_MS / FIX_EVERY_MS }, (_, i) => {
      if (i > 0) walk(walker, (WALK_M_PER_S * FIX_EVERY_MS) / 1000);
      return { lng: walker.lng, lat: walker.lat, atMs: startMs + i * FIX_EVERY_MS };
    });
  });

  it('keeps at most 200 of a shift’s 960 fixes on a round of any grid, and the turns of a round in a large one', () => {
    const keptPerShift = rounds.map((fixes) => {
      const { kept } = shift(fixes);
      return kept.length;
    });
    console.log(`track rows per 8-hour shift: ${rounds[0]!.length} fixes → kept ${keptPerShift.sort((a, b) => a - b).join(' ')}`);
    expect(Math.max(...keptPerShift)).toBeLessThanOrEqual(200);
    // A round whose legs take longer than the corner spacing keeps every turn: the track passes within 25 m of every fix.
    const roomy = rounds.find((fixes) => shift(fixes).kept.length < 90)!;
    const { kept } = shift(roomy);
    for (const p of roomy.slice(0, 120)) expect(offTrackM(kept, p)).toBeLessThan(25);
  });

  it('a worker standing still is kept every 4 minutes; one walking a straight road every 10', () => {
    const at = (i: number, metres: number): TrackPoint => ({ lng: 113.65 + metres / 91_300, lat: 34.75, atMs: i * FIX_EVERY_MS });
    expect(shift(Array.from({ length: 40 }, (_, i) => at(i, (i % 3) * 5))).kept.map((p) => p.atMs / 60_000)).toEqual([0, 4, 8, 12, 16]);
    expect(shift(Array.from({ length: 41 }, (_, i) => at(i, i * 36))).kept.map((p) => p.atMs / 60_000)).toEqual([0, 10, 20]);
  });
});
