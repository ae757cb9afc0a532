import type { CityGeography } from './cityModel.ts';

/** Tries before giving up on a sliver of a grid (its bounding box is mostly outside it). */
const MAX_TRIES = 200;

/**
 * A point inside a grid, drawn uniformly from its area (rejection sampling in its bounding box,
 * checked by the city's own lookup, so the server will place it in the same grid); the first
 * vertex of its outline if the grid is too thin to hit.
 */
export function randomPointInGrid(geo: CityGeography, grid: number, random: () => number): [lng: number, lat: number] {
  const rings = geo.gridRingsOf(grid);
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const ring of rings)
    for (let i = 0; i < ring.length; i += 2) {
      west = Math.min(west, ring[i]!);
      east = Math.max(east, ring[i]!);
      south = Math.min(south, ring[i + 1]!);
      north = Math.max(north, ring[i + 1]!);
    }
  for (let i = 0; i < MAX_TRIES; i++) {
    const lng = west + random() * (east - west);
    const lat = south + random() * (north - south);
    if (geo.locateGridIndex(lng, lat) === grid) return [lng, lat];
  }
  return [rings[0]![0]!, rings[0]![1]!];
}
