import { pointInRings } from './pointInPolygon.ts';

export type Rings = Float64Array[];

/** The bounding box of rings (interleaved lng/lat): [west, south, east, north]. */
export function ringsBounds(rings: Rings): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const ring of rings)
    for (let i = 0; i < ring.length; i += 2) {
      west = Math.min(west, ring[i]!);
      east = Math.max(east, ring[i]!);
      south = Math.min(south, ring[i + 1]!);
      north = Math.max(north, ring[i + 1]!);
    }
  return [west, south, east, north];
}

const NO_POLYGON = -1;
const MIXED = -2;
const UNRESOLVED = -3;

/**
 * Point → polygon lookup over a partition (polygons that do not overlap), for the city's grids
 * and micro-grids. A uniform bin grid holds, per bin, the polygons whose bounding box touches it
 * (compressed-row layout in two typed arrays). Bins that no polygon edge crosses lie wholly inside
 * one polygon (or outside all) and store that answer directly, so most lookups are one division
 * and one array read; the rest check a few bounding boxes and usually one point-in-polygon test.
 * A general R-tree (Flatbush) walks a tree and allocates per query; a static, evenly tiled city
 * needs neither.
 */
export class PolygonIndex {
  private readonly minX: number;
  private readonly minY: number;
  private readonly binsX: number;
  private readonly binsY: number;
  private readonly binSize: number;
  private readonly binStart: Int32Array;
  private readonly binItems: Int32Array;
  /** Per bin: the one polygon covering it whole, NO_POLYGON, or MIXED (search the candidates). */
  private readonly binOwner: Int32Array;
  /** minX, minY, maxX, maxY per polygon. */
  readonly boxes: Float64Array;

  constructor(
    private readonly polygons: readonly Rings[],
    /** Bin edge in the polygons' units; about the size of a typical polygon works best. */
    binSize: number,
  ) {
    this.binSize = binSize;
    this.boxes = new Float64Array(polygons.length * 4);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    polygons.forEach((rings, p) => {
      const [bx0, by0, bx1, by1] = ringsBounds(rings);
      this.boxes.set([bx0, by0, bx1, by1], p * 4);
      minX = Math.min(minX, bx0);
      minY = Math.min(minY, by0);
      maxX = Math.max(maxX, bx1);
      maxY = Math.max(maxY, by1);
    });
    this.minX = minX;
    this.minY = minY;
    this.binsX = Math.max(1, Math.ceil((maxX - minX) / binSize));
    this.binsY = Math.max(1, Math.ceil((maxY - minY) / binSize));

    const counts = new Int32Array(this.binsX * this.binsY + 1);
    this.forEachBin((bin) => counts[bin + 1]!++);
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    this.binStart = counts;
    this.binItems = new Int32Array(counts[counts.length - 1]!);
    const fill = counts.slice(0, -1);
    this.forEachBin((bin, p) => (this.binItems[fill[bin]!++] = p));
    this.binOwner = this.resolveWholeBins();
  }

  /** Marks every bin an edge passes through as MIXED; the others get their one owner (or none). */
  private resolveWholeBins(): Int32Array {
    const owner = new Int32Array(this.binsX * this.binsY).fill(UNRESOLVED);
    for (const rings of this.polygons)
      for (const ring of rings)
        for (let i = 0, n = ring.length; i < n; i += 2) {
          const j = (i + 2) % n;
          this.forEachBinOnSegment(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!, (bin) => (owner[bin] = MIXED));
        }
    for (let bin = 0; bin < owner.length; bin++) {
      if (owner[bin] === MIXED) continue;
      const cx = this.minX + ((bin % this.binsX) + 0.5) * this.binSize;
      const cy = this.minY + (Math.floor(bin / this.binsX) + 0.5) * this.binSize;
      owner[bin] = this.searchBin(bin, cx, cy);
    }
    return owner;
  }

  /**
   * Visits the bins a segment crosses (Amanatides–Woo traversal). Where the segment passes within
   * rounding distance of a bin corner, both bins beside the corner are visited too.
   */
  private forEachBinOnSegment(x0: number, y0: number, x1: number, y1: number, visit: (bin: number) => void): void {
    const mark = (bx: number, by: number) => {
      if (bx >= 0 && by >= 0 && bx < this.binsX && by < this.binsY) visit(by * this.binsX + bx);
    };
    let bx = this.binX(x0);
    let by = this.binY(y0);
    const endX = this.binX(x1);
    const endY = this.binY(y1);
    const dx = x1 - x0;
    const dy = y1 - y0;
    const stepX = Math.sign(dx);
    const stepY = Math.sign(dy);
    const tDeltaX = stepX ? this.binSize / Math.abs(dx) : Infinity;
    const tDeltaY = stepY ? this.binSize / Math.abs(dy) : Infinity;
    let tMaxX = stepX ? (this.minX + (bx + (stepX > 0 ? 1 : 0)) * this.binSize - x0) / dx : Infinity;
    let tMaxY = stepY ? (this.minY + (by + (stepY > 0 ? 1 : 0)) * this.binSize - y0) / dy : Infinity;
    mark(bx, by);
    for (let guard = 0; (bx !== endX || by !== endY) && guard < this.binsX + this.binsY + 2; guard++) {
      if (Math.abs(tMaxX - tMaxY) < 1e-9) {
        mark(bx + stepX, by);
        mark(bx, by + stepY);
      }
      if (tMaxX < tMaxY) {
        bx += stepX;
        tMaxX += tDeltaX;
      } else {
        by += stepY;
        tMaxY += tDeltaY;
      }
      mark(bx, by);
    }
  }

  /** Visits every bin overlapped by each polygon's bounding box. */
  private forEachBin(visit: (bin: number, polygon: number) => void): void {
    for (let p = 0; p < this.polygons.length; p++) {
      const x0 = this.binX(this.boxes[p * 4]!);
      const y0 = this.binY(this.boxes[p * 4 + 1]!);
      const x1 = this.binX(this.boxes[p * 4 + 2]!);
      const y1 = this.binY(this.boxes[p * 4 + 3]!);
      for (let by = y0; by <= y1; by++) for (let bx = x0; bx <= x1; bx++) visit(by * this.binsX + bx, p);
    }
  }

  private binX(x: number): number {
    return Math.min(this.binsX - 1, Math.max(0, Math.floor((x - this.minX) / this.binSize)));
  }

  private binY(y: number): number {
    return Math.min(this.binsY - 1, Math.max(0, Math.floor((y - this.minY) / this.binSize)));
  }

  /** Index of the polygon containing (x, y), or -1. */
  find(x: number, y: number): number {
    const fx = Math.floor((x - this.minX) / this.binSize);
    const fy = Math.floor((y - this.minY) / this.binSize);
    if (fx < 0 || fy < 0 || fx >= this.binsX || fy >= this.binsY) return -1;
    const bin = fy * this.binsX + fx;
    const owner = this.binOwner[bin]!;
    return owner === MIXED ? this.searchBin(bin, x, y) : owner;
  }

  /**
   * The polygon within `toleranceUnits` of the point when none contains it: quantised shared
   * edges leave slivers ≈ 1 m wide between neighbours, and a point there is still in the city.
   */
  findNear(x: number, y: number, toleranceUnits: number): number {
    const inside = this.find(x, y);
    if (inside !== NO_POLYGON) return inside;
    const fx = Math.floor((x - this.minX) / this.binSize);
    const fy = Math.floor((y - this.minY) / this.binSize);
    // A bin no edge crosses and no polygon covers is open country: only its rim can be near a polygon.
    if (fx >= 0 && fy >= 0 && fx < this.binsX && fy < this.binsY && this.binOwner[fy * this.binsX + fx] === NO_POLYGON) {
      const ox = x - this.minX - fx * this.binSize;
      const oy = y - this.minY - fy * this.binSize;
      if (Math.min(ox, oy, this.binSize - ox, this.binSize - oy) > toleranceUnits) return NO_POLYGON;
    }
    let best = NO_POLYGON;
    let bestDistance = toleranceUnits;
    const reach = Math.ceil(toleranceUnits / this.binSize);
    for (let by = fy - reach; by <= fy + reach; by++)
      for (let bx = fx - reach; bx <= fx + reach; bx++) {
        if (bx < 0 || by < 0 || bx >= this.binsX || by >= this.binsY) continue;
        const bin = by * this.binsX + bx;
        for (let k = this.binStart[bin]!, end = this.binStart[bin + 1]!; k < end; k++) {
          const p = this.binItems[k]!;
          const b = p * 4;
          const boxes = this.boxes;
          if (x < boxes[b]! - toleranceUnits || y < boxes[b + 1]! - toleranceUnits || x > boxes[b + 2]! + toleranceUnits || y > boxes[b + 3]! + toleranceUnits) continue;
          const distance = distanceToRings(x, y, this.polygons[p]!);
          if (distance <= bestDistance) {
            best = p;
            bestDistance = distance;
          }
        }
      }
    return best;
  }

  private searchBin(bin: number, x: number, y: number): number {
    const boxes = this.boxes;
    for (let k = this.binStart[bin]!, end = this.binStart[bin + 1]!; k < end; k++) {
      const p = this.binItems[k]!;
      const b = p * 4;
      if (x < boxes[b]! || y < boxes[b + 1]! || x > boxes[b + 2]! || y > boxes[b + 3]!) continue;
      if (pointInRings(x, y, this.polygons[p]!)) return p;
    }
    return NO_POLYGON;
  }
}

function distanceToRings(x: number, y: number, rings: Rings): number {
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0, n = ring.length; i < n; i += 2) {
      const j = (i + 2) % n;
      const ax = ring[i]!;
      const ay = ring[i + 1]!;
      const dx = ring[j]! - ax;
      const dy = ring[j + 1]! - ay;
      const lengthSquared = dx * dx + dy * dy;
      const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared));
      best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
    }
  return best;
}
