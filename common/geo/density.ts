import { POPULATION_CENTRES } from './places.ts';
import { toKm } from './projection.ts';

/** Relative density of people and buildings: the urban core, district seats, a rural floor. */
const RURAL_FLOOR = 0.06;
const centres = POPULATION_CENTRES.map((c) => ({ xy: toKm(c.position[0], c.position[1]), radiusKm: c.radiusKm, weight: c.weight }));

/** Density at a point in projected kilometres (see projection.ts). */
export function populationDensity([x, y]: readonly [number, number]): number {
  let density = RURAL_FLOOR;
  for (const c of centres) {
    const d2 = (x - c.xy[0]) ** 2 + (y - c.xy[1]) ** 2;
    density += c.weight * Math.exp(-d2 / (2 * c.radiusKm * c.radiusKm));
  }
  return density;
}
