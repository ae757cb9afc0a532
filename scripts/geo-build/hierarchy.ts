import { EXCLUSIVE_CATEGORIES, type ExclusiveCategory, communityShortName } from '../../common/geo/hierarchy.ts';
import { PLACES } from '../../common/geo/places.ts';
import { toKm } from '../../common/geo/projection.ts';
import { deriveSeed, seededRandom } from '../../common/geo/random.ts';
import { apportion } from './apportion.ts';
import { populationDensity } from '../../common/geo/density.ts';
import type { DistrictShape } from './districts.ts';
import type { DivisionRow } from './divisions.ts';
import { partition } from './partition.ts';
import { contains, type MultiPolygon, type Point } from './planar.ts';

/** The seed figures the generated counts are scaled to (DOMAIN: Zhengzhou, 2025 reports). */
export const TARGET_COUNTS = { grids: 19_582, urbanGridsReported: 7_898, ruralGridsReported: 11_406, microGrids: 47_188, exclusiveGrids: 4_835 } as const;

export interface Unit {
  code: string;
  name: string;
  parent: number;
  shape: MultiPolygon;
  seed: Point;
}
export interface CommunityUnit extends Unit {
  rural: boolean;
}
export interface GridUnit {
  community: number;
  serial: number;
  shape: MultiPolygon;
  exclusive?: { name: string; category: ExclusiveCategory; landmark: boolean };
}
export interface MicroGridUnit {
  grid: number;
  shape: MultiPolygon;
}

type Progress = (done: number, total: number) => void;

/** Lower rank = more urban: 街道 before 镇 before 乡; 社区 before 村. */
const streetRank = (name: string) => (name.endsWith('街道') ? 0 : name.endsWith('镇') ? 1 : name.endsWith('乡') ? 2 : 3);
const isRuralCommunity = (name: string) => !name.includes('社区') && /村/.test(name);

/**
 * Tiles each parent with as many cells as it has named children and gives the densest cells to
 * the most urban names, so 街道 sit in town and 乡 in the countryside.
 */
function assignNamed<T extends DivisionRow>(parentShape: MultiPolygon, children: T[], rank: (row: T) => number, seed: number, relaxRounds: number) {
  const cells = partition(parentShape, children.length, { random: seededRandom(seed), density: populationDensity, relaxRounds });
  const byDensity = [...cells].sort((a, b) => populationDensity(b.seed) - populationDensity(a.seed));
  const byRank = [...children].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
  return byRank.map((row, i) => ({ row, cell: byDensity[i]! }));
}

export function buildStreets(districts: DistrictShape[], streetRows: DivisionRow[], zoneOfStreet: (row: DivisionRow) => string, seed: number, progress: Progress): Unit[] {
  const streets: Unit[] = [];
  districts.forEach((district, d) => {
    const rows = streetRows.filter((row) => zoneOfStreet(row) === district.code);
    if (rows.length === 0) throw new Error(`no streets for ${district.name}`);
    for (const { row, cell } of assignNamed(district.shape, rows, (r) => streetRank(r.name), deriveSeed(seed, `streets:${district.code}`), 2))
      streets.push({ code: row.code, name: row.name, parent: d, shape: cell.shape, seed: cell.seed });
    progress(d + 1, districts.length);
  });
  return streets;
}

export function buildCommunities(streets: Unit[], villageRows: DivisionRow[], seed: number, progress: Progress): CommunityUnit[] {
  const byStreet = new Map<string, DivisionRow[]>();
  for (const row of villageRows) byStreet.set(row.parentCode, [...(byStreet.get(row.parentCode) ?? []), row]);
  const communities: CommunityUnit[] = [];
  streets.forEach((street, s) => {
    const rows = byStreet.get(street.code) ?? [];
    if (rows.length === 0) throw new Error(`no communities for ${street.name}`);
    for (const { row, cell } of assignNamed(street.shape, rows, (r) => (isRuralCommunity(r.name) ? 1 : 0), deriveSeed(seed, `communities:${street.code}`), 1))
      communities.push({ code: row.code, name: row.name, parent: s, shape: cell.shape, seed: cell.seed, rural: isRuralCommunity(row.name) });
    progress(s + 1, streets.length);
  });
  return communities;
}

/** Generic exclusive grids by kind of place, urban and rural (schools everywhere, malls in town). */
const URBAN_CATEGORY_WEIGHTS: Record<ExclusiveCategory, number> = { 商圈: 14, 交通枢纽: 2, 学校: 38, 医院: 12, 产业园区: 10, 景区场馆: 10, 专业市场: 14 };
const RURAL_CATEGORY_WEIGHTS: Record<ExclusiveCategory, number> = { 商圈: 2, 交通枢纽: 1, 学校: 50, 医院: 10, 产业园区: 25, 景区场馆: 7, 专业市场: 5 };

function pickCategory(rural: boolean, r: number): ExclusiveCategory {
  const weights = rural ? RURAL_CATEGORY_WEIGHTS : URBAN_CATEGORY_WEIGHTS;
  const total = EXCLUSIVE_CATEGORIES.reduce((sum, c) => sum + weights[c], 0);
  let acc = 0;
  for (const c of EXCLUSIVE_CATEGORIES) if ((acc += weights[c] / total) > r) return c;
  return '学校';
}

export function buildGrids(communities: CommunityUnit[], seed: number, progress: Progress): GridUnit[] {
  const random = seededRandom(deriveSeed(seed, 'grid-counts'));
  const { grids, urbanGridsReported, ruralGridsReported, exclusiveGrids } = TARGET_COUNTS;
  // The reported urban/rural split (7,898 : 11,406) scaled to the total of 19,582.
  const urbanTotal = Math.round((grids * urbanGridsReported) / (urbanGridsReported + ruralGridsReported));
  const urban = communities.flatMap((c, i) => (c.rural ? [] : [i]));
  const rural = communities.flatMap((c, i) => (c.rural ? [i] : []));
  const regular = new Array<number>(communities.length).fill(0);
  apportion(
    urbanTotal,
    urban.map(() => 0.8 + 0.4 * random.next()),
    1,
  ).forEach((n, k) => (regular[urban[k]!] = n));
  apportion(
    grids - urbanTotal,
    rural.map(() => 0.8 + 0.4 * random.next()),
    1,
  ).forEach((n, k) => (regular[rural[k]!] = n));

  const anchorsByCommunity = new Map<number, { point: Point; place: (typeof PLACES)[number] }[]>();
  for (const place of PLACES) {
    const point = toKm(place.position[0], place.position[1]);
    const c = communities.findIndex((community) => contains(community.shape, point));
    if (c < 0) throw new Error(`place ${place.name} lies outside the city`);
    anchorsByCommunity.set(c, [...(anchorsByCommunity.get(c) ?? []), { point, place }]);
  }
  const exclusiveWeights = communities.map((c) => (c.rural ? 0.35 : 2.2) * Math.sqrt(populationDensity(c.seed)));
  const exclusive = apportion(exclusiveGrids - PLACES.length, exclusiveWeights);
  anchorsByCommunity.forEach((anchors, c) => (exclusive[c]! += anchors.length));

  const out: GridUnit[] = [];
  communities.forEach((community, c) => {
    const anchors = anchorsByCommunity.get(c) ?? [];
    const cellRandom = seededRandom(deriveSeed(seed, `grids:${community.code}`));
    const cells = partition(community.shape, regular[c]! + exclusive[c]!, {
      random: cellRandom,
      density: populationDensity,
      anchors: anchors.map((a) => a.point),
    });
    // Anchored cells are the named places; the next generated cells become generic exclusive grids.
    const short = communityShortName(community.name);
    const seen = new Map<string, number>();
    let regularSerial = 0;
    let exclusiveSerial = 500;
    cells.forEach((cell, i) => {
      if (i < exclusive[c]!) {
        const anchor = i < anchors.length ? anchors[i]!.place : undefined;
        const category = anchor?.category ?? pickCategory(community.rural, cellRandom.next());
        const base = anchor ? anchor.name : `${short}${category}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        const name = `${base}${n > 1 ? n : ''}专属网格`;
        out.push({ community: c, serial: ++exclusiveSerial, shape: cell.shape, exclusive: { name, category, landmark: Boolean(anchor) } });
      } else out.push({ community: c, serial: ++regularSerial, shape: cell.shape });
    });
    if ((c + 1) % 50 === 0 || c + 1 === communities.length) progress(c + 1, communities.length);
  });
  return out;
}

export function buildMicroGrids(grids: GridUnit[], communities: CommunityUnit[], seed: number, progress: Progress): MicroGridUnit[] {
  const regular = grids.flatMap((g, i) => (g.exclusive ? [] : [i]));
  // Urban grids hold more households, so more 微网格 of 50–70 households each.
  const counts = apportion(
    TARGET_COUNTS.microGrids,
    regular.map((g) => (communities[grids[g]!.community]!.rural ? 2 : 3)),
    1,
  );
  const out: MicroGridUnit[] = [];
  regular.forEach((g, k) => {
    const cells = partition(grids[g]!.shape, counts[k]!, { random: seededRandom(deriveSeed(seed, `micro:${g}`)), density: populationDensity });
    for (const cell of cells) out.push({ grid: g, shape: cell.shape });
    if ((k + 1) % 500 === 0 || k + 1 === regular.length) progress(k + 1, regular.length);
  });
  return out;
}
