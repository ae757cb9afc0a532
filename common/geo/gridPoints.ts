import type { CityGeography } from './cityModel.ts';
import { ringsBounds } from './polygonIndex.ts';

/** Tries before giving up on a sliver of a grid (its bounding box is mostly outside it). */
const MAX_TRIES = 200;

/**
 * A point inside a grid, drawn uniformly from its area (rejection sampling in its bounding box,
 * checked by the city's own lookup, so the server will place it in the same grid); the first
 * vertex of its outline if the grid is too thin to hit.
 */
export function randomPointInGrid(geo: CityGeography, grid: number, random: () => number): [lng: number, lat: number] {
  const rings = geo.gridRingsOf(grid);
  const [west, south, east, north] = ringsBounds(rings);
  for (let i = 0; i < MAX_TRIES; i++) {
    const lng = west + random() * (east - west);
    const lat = south + random() * (north - south);
    if (geo.locateGridIndex(lng, lat) === grid) return [lng, lat];
  }
  return [rings[0]![0]!, rings[0]![1]!];
}
