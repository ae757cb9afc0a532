import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import polylabel from 'polylabel';

/** Planar geometry helpers for the build, in projected kilometres (see common/geo/projection.ts). */
export type { MultiPolygon };
export type Point = [number, number];

export function bbox(shape: MultiPolygon): [minX: number, minY: number, maxX: number, maxY: number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of shape)
    for (const [x, y] of polygon[0]!) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

export function contains(shape: MultiPolygon, [x, y]: Point): boolean {
  let inside = false;
  for (const polygon of shape)
    for (const ring of polygon)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
  return inside;
}

function ringArea(ring: Point[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return sum / 2;
}

/** Area in km² (outer rings minus holes, whatever their winding). */
export function area(shape: MultiPolygon): number {
  let total = 0;
  for (const polygon of shape) polygon.forEach((ring, i) => (total += (i === 0 ? 1 : -1) * Math.abs(ringArea(ring as Point[]))));
  return total;
}

export function centroid(shape: MultiPolygon): Point {
  let cx = 0;
  let cy = 0;
  let total = 0;
  for (const polygon of shape)
    polygon.forEach((ring, r) => {
      const sign = r === 0 ? 1 : -1;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        const cross = (xj * yi - xi * yj) * sign * Math.sign(ringArea(ring as Point[]) || 1);
        cx += (xi + xj) * cross;
        cy += (yi + yj) * cross;
        total += cross;
      }
    });
  return total === 0 ? (shape[0]![0]![0] as Point) : [cx / (3 * total), cy / (3 * total)];
}

/** The point deepest inside the largest part: where a label sits comfortably. */
export function labelPoint(shape: MultiPolygon): Point {
  let largest = shape[0]!;
  for (const polygon of shape) if (area([polygon]) > area([largest])) largest = polygon;
  const p = polylabel(largest as [number, number][][], 0.01);
  return [p[0]!, p[1]!];
}

export const intersection = (a: MultiPolygon, b: MultiPolygon): MultiPolygon => polygonClipping.intersection(a, b);
export const difference = (a: MultiPolygon, ...b: MultiPolygon[]): MultiPolygon => polygonClipping.difference(a, ...b);
export const union = (...shapes: MultiPolygon[]): MultiPolygon => polygonClipping.union(shapes[0]!, ...shapes.slice(1));
