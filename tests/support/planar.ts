import { decodeRing, type EncodedGeometry } from '../../common/geo/codec.ts';
import { pointInRings } from '../../common/geo/pointInPolygon.ts';
import { toKm } from '../../common/geo/projection.ts';

/** Rings projected to kilometres, so tolerances read in metres. */
export type KmRings = Float64Array[];

export function projectRings(rings: readonly Float64Array[]): KmRings {
  return rings.map((ring) => {
    const out = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) out.set(toKm(ring[i]!, ring[i + 1]!), i);
    return out;
  });
}

export function decodeToKm(geometry: EncodedGeometry): KmRings {
  return projectRings(geometry.flatMap((polygon) => polygon.map(decodeRing)));
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export function distanceToBoundaryKm(x: number, y: number, rings: KmRings): number {
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0, n = ring.length; i < n; i += 2) {
      const j = (i + 2) % n;
      best = Math.min(best, distanceToSegment(x, y, ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!));
    }
  return best;
}

/** Vertices of `child` lying outside `parent` by more than `toleranceKm`. */
export function verticesOutside(child: KmRings, parent: KmRings, toleranceKm: number): number {
  let outside = 0;
  for (const ring of child)
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i]!;
      const y = ring[i + 1]!;
      if (!pointInRings(x, y, parent) && distanceToBoundaryKm(x, y, parent) > toleranceKm) outside++;
    }
  return outside;
}

export function perimeterKm(rings: KmRings): number {
  let total = 0;
  for (const ring of rings)
    for (let i = 0, n = ring.length; i < n; i += 2) {
      const j = (i + 2) % n;
      total += Math.hypot(ring[j]! - ring[i]!, ring[j + 1]! - ring[i + 1]!);
    }
  return total;
}
