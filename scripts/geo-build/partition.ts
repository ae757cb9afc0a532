import { Delaunay } from 'd3-delaunay';
import type { RandomSource } from '../../common/geo/random.ts';
import { bbox, centroid, contains, intersection, type MultiPolygon, type Point } from './planar.ts';

export type Density = (p: Point) => number;

export interface Cell {
  seed: Point;
  /** Whether the seed was given (a real place) rather than generated. */
  anchored: boolean;
  shape: MultiPolygon;
}

export interface PartitionOptions {
  random: RandomSource;
  density: Density;
  /** Seeds that must stay where they are, e.g. the real position of 郑州东站. */
  anchors?: Point[];
  /** Lloyd relaxation rounds: rounder, more even cells at the cost of one clip per cell per round. */
  relaxRounds?: number;
}

const CANDIDATES_PER_SEED = 8;
const MAX_REJECTIONS = 5000;

/**
 * Splits `parent` into `count` cells that tile it exactly: a Voronoi diagram of seeds inside the
 * parent, each cell clipped to the parent. Seeds follow the density (cells are smaller where
 * people are) and are spread by best-candidate sampling so no two crowd together.
 */
export function partition(parent: MultiPolygon, count: number, options: PartitionOptions): Cell[] {
  const anchors = (options.anchors ?? []).filter((p) => contains(parent, p)).slice(0, count);
  if (count === 1 && anchors.length === 0) return [{ seed: centroidOrSample(parent, options), anchored: false, shape: parent }];
  const box = bbox(parent);
  const seeds = sampleSeeds(parent, box, count, anchors, options);
  const anchoredCount = anchors.length;
  let cells = clipCells(parent, box, seeds);
  for (let round = 0; round < (options.relaxRounds ?? 0); round++) {
    for (let i = anchoredCount; i < seeds.length; i++) {
      const c = centroid(cells[i]!);
      if (contains(parent, c)) seeds[i] = c;
    }
    cells = clipCells(parent, box, seeds);
  }
  return seeds.map((seed, i) => ({ seed, anchored: i < anchoredCount, shape: cells[i]! }));
}

function clipCells(parent: MultiPolygon, [minX, minY, maxX, maxY]: ReturnType<typeof bbox>, seeds: Point[]): MultiPolygon[] {
  const pad = Math.max(maxX - minX, maxY - minY) + 1;
  const voronoi = Delaunay.from(seeds).voronoi([minX - pad, minY - pad, maxX + pad, maxY + pad]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i) as Point[];
    return intersection([[cell]], parent);
  });
}

function randomPointInside(parent: MultiPolygon, [minX, minY, maxX, maxY]: ReturnType<typeof bbox>, options: PartitionOptions, maxDensity: number): Point {
  for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
    const p: Point = [minX + options.random.next() * (maxX - minX), minY + options.random.next() * (maxY - minY)];
    if (!contains(parent, p)) continue;
    if (options.random.next() * maxDensity <= options.density(p) || attempt > MAX_REJECTIONS / 2) return p;
  }
  throw new Error('partition: could not place a seed inside the parent polygon');
}

function sampleSeeds(parent: MultiPolygon, box: ReturnType<typeof bbox>, count: number, anchors: Point[], options: PartitionOptions): Point[] {
  const seeds: Point[] = [...anchors];
  const maxDensity = estimateMaxDensity(box, options.density);
  while (seeds.length < count) {
    let best: Point | undefined;
    let bestScore = -Infinity;
    for (let c = 0; c < CANDIDATES_PER_SEED; c++) {
      const candidate = randomPointInside(parent, box, options, maxDensity);
      let nearest = Infinity;
      for (const s of seeds) nearest = Math.min(nearest, Math.hypot(s[0] - candidate[0], s[1] - candidate[1]));
      // Spacing is judged relative to the local density: crowded areas accept closer seeds.
      const score = nearest * Math.sqrt(options.density(candidate));
      if (score > bestScore && !seeds.some((s) => s[0] === candidate[0] && s[1] === candidate[1])) {
        best = candidate;
        bestScore = score;
      }
    }
    seeds.push(best!);
  }
  return seeds;
}

function estimateMaxDensity([minX, minY, maxX, maxY]: ReturnType<typeof bbox>, density: Density): number {
  let max = 0;
  const steps = 12;
  for (let i = 0; i <= steps; i++) for (let j = 0; j <= steps; j++) max = Math.max(max, density([minX + ((maxX - minX) * i) / steps, minY + ((maxY - minY) * j) / steps]));
  return max * 1.25;
}

function centroidOrSample(parent: MultiPolygon, options: PartitionOptions): Point {
  const c = centroid(parent);
  return contains(parent, c) ? c : randomPointInside(parent, bbox(parent), options, 0);
}
