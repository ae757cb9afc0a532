import type { LngLat } from './units.ts';

/**
 * A local equirectangular projection centred on Zhengzhou, in kilometres. Over the city's
 * extent (≈ 150 km) its scale error stays under 1 %, which is all that partitioning, areas and
 * nearest-neighbour work need, and it keeps those computations free of degree distortion
 * (a degree of longitude is only 0.82 of a degree of latitude here).
 */
export const PROJECTION_ORIGIN: LngLat = [113.6, 34.7];
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LNG = 111.32 * Math.cos((PROJECTION_ORIGIN[1] * Math.PI) / 180);

export function toKm(lng: number, lat: number): [xKm: number, yKm: number] {
  return [(lng - PROJECTION_ORIGIN[0]) * KM_PER_DEG_LNG, (lat - PROJECTION_ORIGIN[1]) * KM_PER_DEG_LAT];
}

export function toLngLat(xKm: number, yKm: number): [lng: number, lat: number] {
  return [PROJECTION_ORIGIN[0] + xKm / KM_PER_DEG_LNG, PROJECTION_ORIGIN[1] + yKm / KM_PER_DEG_LAT];
}

export function distanceKm(a: LngLat, b: LngLat): number {
  const [ax, ay] = toKm(a[0], a[1]);
  const [bx, by] = toKm(b[0], b[1]);
  return Math.hypot(ax - bx, ay - by);
}
