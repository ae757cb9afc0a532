import polygonClipping from 'polygon-clipping';
import type { MultiPolygonCoords } from '../../common/geo/codec.ts';
import { pointInRings, ringSignedArea } from '../../common/geo/pointInPolygon.ts';
import { type Rings, ringsBounds } from '../../common/geo/polygonIndex.ts';
import { toKm } from '../../common/geo/projection.ts';

/**
 * The geometry checks of a city import, on rings as interleaved [lng, lat, …] degrees (not
 * closed). Distances are in metres, in a local scale around the point: over a unit's extent
 * (a few km) its error is far below the tolerances the import states.
 */

const M_PER_DEG_LAT = 110_574;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** A problem with one ring of GeoJSON positions, before it is used: too short, not closed, not numbers. */
export function ringShapeProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return 'a ring is not a list of positions';
  if (ring.length < 4) return `a ring has ${ring.length} positions; a closed ring needs at least 4`;
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return `position ${JSON.stringify(p)?.slice(0, 60)} is not [lng, lat]`;
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `position [${p[0]}, ${p[1]}] is not a longitude and latitude`;
  }
  const first = ring[0] as number[];
  const last = ring.at(-1) as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return `a ring is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]`;
  return null;
}

/**
 * Where a ring crosses itself (two edges that are not neighbours meeting), or null. A crossing
 * that only cuts off a sliver thinner than `toleranceM` (the loop's mean width, twice its area
 * over its perimeter) is what quantising a shared boundary to 1e-5° makes, and is let pass.
 * Edges are swept by their western end, so a ring of n vertices costs about n log n, not n².
 */
export function selfIntersection(ring: Float64Array, toleranceM: number): [number, number] | null {
  const n = ring.length / 2;
  if (n < 4) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.min(ring[2 * a]!, ring[2 * ((a + 1) % n)]!) - Math.min(ring[2 * b]!, ring[2 * ((b + 1) % n)]!));
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!;
    const ax = ring[2 * i]!;
    const ay = ring[2 * i + 1]!;
    const bx = ring[2 * ((i + 1) % n)]!;
    const by = ring[2 * ((i + 1) % n) + 1]!;
    const maxX = Math.max(ax, bx);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj]!;
      const cx = ring[2 * j]!;
      const cy = ring[2 * j + 1]!;
      const dx = ring[2 * ((j + 1) % n)]!;
      const dy = ring[2 * ((j + 1) % n) + 1]!;
      if (Math.min(cx, dx) > maxX) break;
      if (Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1) continue;
      const crossing = properCrossing(ax, ay, bx, by, cx, cy, dx, dy);
      if (crossing && thinnerLoopWidthM(ring, Math.min(i, j), Math.max(i, j), crossing) > toleranceM) return crossing;
    }
  }
  return null;
}

/** The mean width in metres of the thinner of the two loops a crossing of edges `first` and `last` splits a ring into. */
function thinnerLoopWidthM(ring: Float64Array, first: number, last: number, at: [number, number]): number {
  const n = ring.length / 2;
  const kx = mPerDegLng(at[1]);
  const width = (from: number, count: number) => {
    let area = 0;
    let perimeter = 0;
    let px = 0;
    let py = 0;
    for (let k = 0; k <= count; k++) {
      const v = (from + k) % n;
      const x = k === count ? 0 : (ring[2 * v]! - at[0]) * kx;
      const y = k === count ? 0 : (ring[2 * v + 1]! - at[1]) * M_PER_DEG_LAT;
      area += px * y - x * py;
      perimeter += Math.hypot(x - px, y - py);
      px = x;
      py = y;
    }
    return perimeter === 0 ? 0 : Math.abs(area) / perimeter;
  };
  // One loop runs through the vertices after `first` up to `last`, the other through the rest.
  return Math.min(width(first + 1, last - first), width(last + 1, n - (last - first)));
}

/** The point where segments AB and CD cross at interior points of both, or null (touching ends do not count). */
function properCrossing(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] | null {
  const d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  const d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  if (d1 * d2 < 0 && d3 * d4 < 0) {
    const t = d1 / (d1 - d2);
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  return null;
}

/** Distance in metres from a point to the nearest edge of any ring. */
export function distanceToEdgesM(lng: number, lat: number, rings: Rings): number {
  const kx = mPerDegLng(lat);
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    const n = ring.length;
    let x1 = (ring[n - 2]! - lng) * kx;
    let y1 = (ring[n - 1]! - lat) * M_PER_DEG_LAT;
    for (let i = 0; i < n; i += 2) {
      const x2 = (ring[i]! - lng) * kx;
      const y2 = (ring[i + 1]! - lat) * M_PER_DEG_LAT;
      const ex = x2 - x1;
      const ey = y2 - y1;
      const length2 = ex * ex + ey * ey;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(x1 * ex + y1 * ey) / length2));
      best = Math.min(best, Math.hypot(x1 + t * ex, y1 + t * ey));
      x1 = x2;
      y1 = y2;
    }
  }
  return best;
}

/** A point well inside the rings, for labels and for telling one unit from another: the centroid if inside, else the middle of the widest span through it. */
export function interiorPoint(rings: Rings): [number, number] {
  let largest = rings[0]!;
  for (const ring of rings) if (Math.abs(ringSignedArea(ring)) > Math.abs(ringSignedArea(largest))) largest = ring;
  let cx = 0;
  let cy = 0;
  let twiceArea = 0;
  const n = largest.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const cross = largest[j]! * largest[i + 1]! - largest[i]! * largest[j + 1]!;
    twiceArea += cross;
    cx += (largest[j]! + largest[i]!) * cross;
    cy += (largest[j + 1]! + largest[i + 1]!) * cross;
  }
  if (twiceArea !== 0) {
    cx /= 3 * twiceArea;
    cy /= 3 * twiceArea;
    if (pointInRings(cx, cy, rings) && distanceToEdgesM(cx, cy, rings) > 1) return [cx, cy];
  } else {
    cx = largest[0]!;
    cy = largest[1]!;
  }
  // The widest inside span of the horizontal line through the centroid's latitude (nudged off vertices).
  const y = cy + 1e-9;
  const xs: number[] = [];
  for (const ring of rings)
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      const yi = ring[i + 1]!;
      const yj = ring[j + 1]!;
      if (yi > y !== yj > y) xs.push(ring[i]! + ((ring[j]! - ring[i]!) * (y - yi)) / (yj - yi));
    }
  xs.sort((a, b) => a - b);
  let best: [number, number] = [largest[0]!, largest[1]!];
  let widest = -1;
  for (let k = 0; k + 1 < xs.length; k += 2)
    if (xs[k + 1]! - xs[k]! > widest) {
      widest = xs[k + 1]! - xs[k]!;
      best = [(xs[k]! + xs[k + 1]!) / 2, y];
    }
  return best;
}

/** Bounding boxes of many units bucketed on a grid of cells, to find which units may hold a point. */
export class BoxIndex {
  private readonly cells = new Map<number, number[]>();
  private readonly boxes: Float64Array;

  constructor(
    units: readonly Rings[],
    private readonly cellDegrees: number,
  ) {
    this.boxes = new Float64Array(units.length * 4);
    units.forEach((rings, u) => {
      const [minX, minY, maxX, maxY] = ringsBounds(rings);
      this.boxes.set([minX, minY, maxX, maxY], u * 4);
      for (let cx = this.cell(minX); cx <= this.cell(maxX); cx++)
        for (let cy = this.cell(minY); cy <= this.cell(maxY); cy++) {
          const key = this.key(cx, cy);
          const list = this.cells.get(key);
          if (list) list.push(u);
          else this.cells.set(key, [u]);
        }
    });
  }

  private cell(degrees: number): number {
    return Math.floor(degrees / this.cellDegrees);
  }

  private key(cx: number, cy: number): number {
    return cx * 1_000_003 + cy;
  }

  /** Units whose box holds the point. */
  *candidates(x: number, y: number): Generator<number> {
    for (const u of this.cells.get(this.key(this.cell(x), this.cell(y))) ?? []) {
      const b = u * 4;
      if (x >= this.boxes[b]! && x <= this.boxes[b + 2]! && y >= this.boxes[b + 1]! && y <= this.boxes[b + 3]!) yield u;
    }
  }
}

/** The first vertex of `child` lying outside `parent` by more than `toleranceM`, with how far, or null. */
export function vertexOutside(child: Rings, parent: Rings, toleranceM: number): { at: [number, number]; distanceM: number } | null {
  for (const ring of child)
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i]!;
      const y = ring[i + 1]!;
      if (pointInRings(x, y, parent)) continue;
      const distanceM = distanceToEdgesM(x, y, parent);
      if (distanceM > toleranceM) return { at: [x, y], distanceM };
    }
  return null;
}

/**
 * Pairs of units that overlap by more than `toleranceM`: a vertex, an edge's middle or the
 * interior point of one lies inside the other, farther than the tolerance from its edges. Neighbours that share edges,
 * as a partition's cells do, never count.
 */
export function overlappingPairs(units: readonly Rings[], interior: readonly [number, number][], toleranceM: number, cellDegrees: number): [number, number][] {
  const index = new BoxIndex(units, cellDegrees);
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const test = (a: number, x: number, y: number) => {
    for (const b of index.candidates(x, y)) {
      if (b === a) continue;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      if (seen.has(key)) continue;
      if (!pointInRings(x, y, units[b]!) || distanceToEdgesM(x, y, units[b]!) <= toleranceM) continue;
      seen.add(key);
      pairs.push(a < b ? [a, b] : [b, a]);
    }
  };
  units.forEach((rings, a) => {
    test(a, interior[a]![0], interior[a]![1]);
    for (const ring of rings)
      for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        test(a, ring[i]!, ring[i + 1]!);
        // The edge's middle too: neighbours whose edges run along each other share no vertex inside.
        test(a, (ring[i]! + ring[j]!) / 2, (ring[i + 1]! + ring[j + 1]!) / 2);
      }
  });
  return pairs;
}

/** The area in km² two units share (polygons as GeoJSON positions), in the local projection. */
export function overlapAreaKm2(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  let total = 0;
  for (const polygon of polygonClipping.intersection(a, b))
    polygon.forEach((ring, r) => {
      const projected = new Float64Array(ring.length * 2);
      ring.forEach(([lng, lat], i) => projected.set(toKm(lng, lat), 2 * i));
      total += (r === 0 ? 1 : -1) * Math.abs(ringSignedArea(projected));
    });
  return total;
}
