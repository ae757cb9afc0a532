import type { Category } from '../../common/domain/categories.ts';
import type { EventChannel } from '../../common/domain/events.ts';
import { toKm, toLngLat } from '../../common/geo/projection.ts';
import type { RandomSource } from '../../common/geo/random.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { pickWeighted } from './dayProfile.ts';
import { poisson } from './iotAlarms.ts';
import { gaussian } from './places.ts';

/**
 * The calls a flood brings (7·20: the hotline and 110 overwhelmed): water on roads, sewers
 * welling up, cars stalled in underpasses, power cut, trees down — as many as the rain is heavy,
 * and where the water is deepest.
 */
export const FLOOD_EVENTS_PER_H_PER_MM = 2;
/** How far from the flooded point a report is made, km (one standard deviation per axis). */
const SPREAD_KM = 0.3;

export const FLOOD_MIX: readonly [{ category: Category; channel: EventChannel }, number][] = [
  [{ category: 'roadWaterlogging', channel: 'hotline12345' }, 22],
  [{ category: 'roadWaterlogging', channel: 'photoReport' }, 10],
  [{ category: 'sewerOverflow', channel: 'hotline12345' }, 18],
  [{ category: 'vehicleTrapped', channel: 'police110' }, 18],
  [{ category: 'powerOutage', channel: 'hotline12345' }, 16],
  [{ category: 'treeFallen', channel: 'gridPatrol' }, 8],
  [{ category: 'treeFallen', channel: 'hotline12345' }, 8],
];
export const FLOOD_CATEGORIES: ReadonlySet<Category> = new Set(FLOOD_MIX.map(([m]) => m.category));

export interface FloodReport {
  category: Category;
  channel: EventChannel;
  lng: number;
  lat: number;
}

/** Depth behind the deepest point at which a point is e times less likely to draw reports, cm. */
const DEEPEST_PULL_CM = 10;

/**
 * A waterlogging point, the deeper the likelier: weights fall by e for every DEEPEST_PULL_CM
 * behind the deepest, so the worst few points draw most (7·20: the underpasses, 京广路隧道).
 * Before any water stands, the lowest points draw most. Shared by the flood reports and the
 * manhole covers the water lifts.
 */
export function pickDeepSite(random: RandomSource, depthsCm: ArrayLike<number>, lowness: ArrayLike<number>): number {
  const count = depthsCm.length;
  const scores = new Float64Array(count);
  let best = -Infinity;
  for (let i = 0; i < count; i++) best = Math.max(best, (scores[i] = depthsCm[i]! + 5 * lowness[i]!));
  let total = 0;
  for (let i = 0; i < count; i++) total += scores[i] = Math.exp((scores[i]! - best) / DEEPEST_PULL_CM);
  let r = random.next() * total;
  for (let i = 0; i < count; i++) if ((r -= scores[i]!) < 0) return i;
  return count - 1;
}

/** The reports made during one step of `stepMs` of rain at `rainMmPerH`. */
export function drawFloodReports(
  random: RandomSource,
  rainMmPerH: number,
  stepMs: number,
  sites: readonly LngLat[],
  depthsCm: ArrayLike<number>,
  lowness: ArrayLike<number>,
  inCity: (lng: number, lat: number) => boolean,
): FloodReport[] {
  const count = poisson(random, (FLOOD_EVENTS_PER_H_PER_MM * rainMmPerH * stepMs) / 3_600_000);
  const reports: FloodReport[] = [];
  for (let i = 0; i < count; i++) {
    const { category, channel } = pickWeighted(FLOOD_MIX, random.next());
    const site = sites[pickDeepSite(random, depthsCm, lowness)]!;
    const [x, y] = toKm(site[0], site[1]);
    let [lng, lat] = toLngLat(x + gaussian(random) * SPREAD_KM, y + gaussian(random) * SPREAD_KM);
    if (!inCity(lng, lat)) [lng, lat] = site;
    reports.push({ category, channel, lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 });
  }
  return reports;
}
