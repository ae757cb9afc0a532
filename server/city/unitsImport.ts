import { UNIT_CODE_PATTERN } from '../../common/domain/geo.ts';
import { isStorableText } from '../../common/domain/text.ts';
import { areaKm2, type CityData } from '../../common/geo/cityModel.ts';
import { decodeGeometry, decodeRing, type EncodedGeometry, encodeGeometry, type MultiPolygonCoords } from '../../common/geo/codec.ts';
import { type Crs, toWgs84 } from '../../common/geo/crs.ts';
import { pointInRings } from '../../common/geo/pointInPolygon.ts';
import { type CityFile, EXCLUSIVE_CATEGORIES, type ExclusiveCategory, type GridsFile, type MicroGridsFile } from '../../common/geo/hierarchy.ts';
import { interiorPoint, overlapAreaKm2, overlappingPairs, ringShapeProblem, selfIntersection, vertexOutside } from './geometryChecks.ts';
import { toKm } from '../../common/geo/projection.ts';
import type { ImportProblem } from './importReport.ts';

/**
 * `units.geojson` read into the city's units: every feature checked (level, code, name, parent,
 * geometry), then the units as a whole (children inside their parent, siblings apart, parents
 * covered), then turned into the compact city data the model loads.
 */

export const UNIT_LEVELS = ['district', 'street', 'community', 'grid', 'microGrid'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
const PARENT_LEVEL: Record<UnitLevel, UnitLevel | null> = { district: null, street: 'district', community: 'street', grid: 'community', microGrid: 'grid' };

/** A child may lie this far outside its parent, and siblings overlap this far, in metres: slivers of redrawn or quantised boundaries. */
export const BOUNDARY_TOLERANCE_M = 5;
/** Neighbours may share this much of the smaller one's area: boundaries drawn from sources of ≈ 100 m precision overlap by a strip. */
const OVERLAP_SHARE_TOLERANCE = 0.01;
/** Below 1 m² two units share nothing. */
const SHARED_AREA_NONE_KM2 = 1e-6;
/** A parent's area in no child is reported past the larger of these: 0.5 % of the parent, or 1,000 m². */
const GAP_SHARE = 0.005;
const GAP_MIN_KM2 = 0.001;
/** Index cells per level for the overlap check, in degrees: about one to a few units across. */
const CELL_DEGREES: Record<UnitLevel, number> = { district: 0.1, street: 0.03, community: 0.01, grid: 0.004, microGrid: 0.002 };
const NAME_MAX_CHARS = 100;
/** Districts a city may have: per-district counts index them in a byte (WorkerDirectory.districtOfWorker). */
export const MAX_DISTRICTS = 255;
/** Names of functional zones (新区, 开发区, 高新区, 港区, 实验区…), which the wall shows apart from administrative districts, when a feature does not say. */
const FUNCTIONAL_DISTRICT = /新区|开发区|高新|港区|实验区|示范区/;

export interface UnitDraft {
  level: UnitLevel;
  code: string;
  name: string;
  parentCode: string | null;
  gridKind: 'regular' | 'exclusive';
  category: ExclusiveCategory | null;
  geometry: EncodedGeometry;
  /** Decoded from `geometry`, so the checks see what is stored (1e-5° quanta). */
  rings: Float64Array[];
  /** A point well inside the unit: for the overlap check, its label (when none is given) and the shift check. */
  interior: [number, number];
  /** Where the map writes the name, when the feature gives one inside the unit (WGS-84). */
  label: [number, number] | null;
  /** Districts: the short name and kind the feature gives, if any. */
  shortName: string | null;
  districtKind: 'administrative' | 'functional' | null;
  /** Communities: a village, when the feature says. */
  rural: boolean | null;
  feature: number;
}

const FILE = 'units.geojson';
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Reads and checks each feature on its own; problems go to `errors`, the features that passed come back. */
export function readUnits(text: string, crs: Crs, errors: ImportProblem[]): UnitDraft[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    errors.push({ file: FILE, where: 'file', message: `not JSON: ${(error as Error).message}` });
    return [];
  }
  const collection = parsed as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    errors.push({ file: FILE, where: 'file', message: 'must be a GeoJSON FeatureCollection with a features list' });
    return [];
  }
  const units: UnitDraft[] = [];
  collection.features.forEach((feature: unknown, index: number) => {
    const unit = readFeature(feature, index + 1, crs, errors);
    if (unit) units.push(unit);
  });
  return units;
}

function readFeature(feature: unknown, number: number, crs: Crs, errors: ImportProblem[]): UnitDraft | null {
  const f = feature as { properties?: Record<string, unknown>; geometry?: { type?: unknown; coordinates?: unknown } } | null;
  const p = f?.properties ?? {};
  const code = typeof p.code === 'string' ? p.code : null;
  const where = code ? `code ${code}` : `feature #${number}`;
  const fail = (message: string) => {
    errors.push({ file: FILE, where, message });
    return null;
  };
  if (!code || !UNIT_CODE_PATTERN.test(code)) return fail(`code ${JSON.stringify(p.code)} must be 1–40 letters, digits or '-'`);
  const level = p.level as UnitLevel;
  if (!UNIT_LEVELS.includes(level)) return fail(`level ${JSON.stringify(p.level)} is not one of ${UNIT_LEVELS.join(', ')}`);
  if (typeof p.name !== 'string' || !p.name.trim() || p.name.length > NAME_MAX_CHARS || !isStorableText(p.name))
    return fail(`name ${JSON.stringify(p.name)?.slice(0, 60)} must be text of 1–${NAME_MAX_CHARS} characters`);
  const parentCode = p.parentCode ?? null;
  if (level === 'district' ? parentCode !== null : typeof parentCode !== 'string')
    return fail(level === 'district' ? `a district's parentCode must be null, not ${JSON.stringify(parentCode)}` : `parentCode is required for a ${level}`);
  const gridKind = p.gridKind ?? 'regular';
  if (gridKind !== 'regular' && gridKind !== 'exclusive') return fail(`gridKind ${JSON.stringify(gridKind)} is not regular or exclusive`);
  const category = level === 'grid' && gridKind === 'exclusive' ? p.category : null;
  if (category !== null && !EXCLUSIVE_CATEGORIES.includes(category as ExclusiveCategory))
    return fail(`category ${JSON.stringify(category)} of an exclusive grid is not one of ${EXCLUSIVE_CATEGORIES.join(', ')}`);
  const polygons = polygonsOf(f?.geometry);
  if (typeof polygons === 'string') return fail(polygons);
  const converted: MultiPolygonCoords = polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => toWgs84(crs, lng!, lat!))));
  // A polygon whose outer ring collapses when quantised to 1e-5° (≈ 1 m) is a sliver: dropped.
  const geometry = encodeGeometry(converted).filter((polygon) => polygon.length > 0);
  if (geometry.length === 0) return fail('the geometry has no polygon of 3 distinct positions 1e-5° apart');
  const rings = geometry.flatMap((polygon) => polygon.map(decodeRing));
  for (const ring of rings) {
    const crossing = selfIntersection(ring, BOUNDARY_TOLERANCE_M);
    if (crossing) return fail(`the polygon crosses itself near [${round6(crossing[0])}, ${round6(crossing[1])}]`);
  }
  const given = Array.isArray(p.label) && p.label.length === 2 && p.label.every(Number.isFinite) ? toWgs84(crs, p.label[0], p.label[1]) : null;
  const label = given && pointInRings(given[0], given[1], rings) ? given : null;
  const shortName = typeof p.shortName === 'string' && p.shortName.trim() && p.shortName.length <= NAME_MAX_CHARS && isStorableText(p.shortName) ? p.shortName.trim() : null;
  const districtKind = p.districtKind === 'administrative' || p.districtKind === 'functional' ? p.districtKind : null;
  return {
    level,
    code,
    name: p.name.trim(),
    parentCode: parentCode as string | null,
    gridKind,
    category: category as ExclusiveCategory | null,
    geometry,
    rings,
    interior: interiorPoint(rings),
    label,
    shortName,
    districtKind,
    rural: typeof p.rural === 'boolean' ? p.rural : null,
    feature: number,
  };
}

/** A feature's polygons as GeoJSON positions, or what is wrong with its geometry. */
function polygonsOf(geometry: { type?: unknown; coordinates?: unknown } | undefined): number[][][][] | string {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return `geometry must be a Polygon or MultiPolygon, not ${JSON.stringify(geometry?.type ?? null)}`;
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[];
  if (!Array.isArray(polygons) || polygons.length === 0) return 'geometry has no polygons';
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'a polygon has no rings';
    for (const ring of polygon) {
      const problem = ringShapeProblem(ring);
      if (problem) return problem;
    }
  }
  return polygons as number[][][][];
}

/**
 * The units as a whole: codes unique, parents present and of the level above, children inside
 * their parent, siblings apart; gaps (a parent's area in none of its children) as warnings.
 */
export function checkUnits(units: readonly UnitDraft[], errors: ImportProblem[], warnings: ImportProblem[]): void {
  const byCode = new Map<string, UnitDraft>();
  for (const unit of units) {
    const known = byCode.get(unit.code);
    if (known) errors.push({ file: FILE, where: `code ${unit.code}`, message: `the code is given twice: features #${known.feature} (${known.level}) and #${unit.feature} (${unit.level})` });
    else byCode.set(unit.code, unit);
  }
  for (const level of UNIT_LEVELS) if (!units.some((u) => u.level === level)) errors.push({ file: FILE, where: 'file', message: `no unit has level ${level}: every level is needed` });
  const districtCount = units.filter((u) => u.level === 'district').length;
  if (districtCount > MAX_DISTRICTS) errors.push({ file: FILE, where: 'file', message: `${districtCount} districts: a city has at most ${MAX_DISTRICTS}` });
  const children = new Map<string, UnitDraft[]>();
  for (const unit of units) {
    const expected = PARENT_LEVEL[unit.level];
    if (!expected) continue;
    const parent = byCode.get(unit.parentCode!);
    if (!parent) {
      errors.push({ file: FILE, where: `code ${unit.code}`, message: `unknown parent code ${unit.parentCode}` });
      continue;
    }
    if (parent.level !== expected) {
      errors.push({ file: FILE, where: `code ${unit.code}`, message: `parent ${parent.code} is a ${parent.level}; a ${unit.level}'s parent is a ${expected}` });
      continue;
    }
    const siblings = children.get(parent.code);
    if (siblings) siblings.push(unit);
    else children.set(parent.code, [unit]);
    const outside = vertexOutside(unit.rings, parent.rings, BOUNDARY_TOLERANCE_M);
    if (outside)
      errors.push({
        file: FILE,
        where: `code ${unit.code}`,
        message: `lies outside its parent ${parent.code}: [${round6(outside.at[0])}, ${round6(outside.at[1])}] is ${Math.round(outside.distanceM)} m beyond it (tolerance ${BOUNDARY_TOLERANCE_M} m)`,
      });
  }
  let overlaps = 0;
  // Pairs found at the level above, by their codes: their children's overlaps along the same
  // boundary are the same overlap, reported once, at the highest level.
  let foundAbove = new Set<string>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  for (const level of UNIT_LEVELS) {
    const ofLevel = units.filter((u) => u.level === level);
    const pairs = overlappingPairs(
      ofLevel.map((u) => u.rings),
      ofLevel.map((u) => u.interior),
      BOUNDARY_TOLERANCE_M,
      CELL_DEGREES[level],
    );
    const found = new Set<string>();
    for (const [i, j] of pairs) {
      const a = ofLevel[i]!;
      const b = ofLevel[j]!;
      found.add(pairKey(a.code, b.code));
      if (a.parentCode !== b.parentCode && foundAbove.has(pairKey(a.parentCode!, b.parentCode!))) continue;
      const sharedKm2 = overlapAreaKm2(decodeGeometry(a.geometry), decodeGeometry(b.geometry));
      // The lattice test sees vertices; the shared area decides (none: rings that only seemed to cross, e.g. an enclave in a hole).
      if (sharedKm2 < SHARED_AREA_NONE_KM2) continue;
      const share = sharedKm2 / Math.min(areaKm2(a.geometry), areaKm2(b.geometry));
      const message = `overlaps ${level} ${b.code} by ${formatKm2(sharedKm2)} (${(100 * share).toFixed(1)} % of the smaller)`;
      if (share > OVERLAP_SHARE_TOLERANCE) {
        overlaps++;
        errors.push({ file: FILE, where: `code ${a.code}`, message: `${message}; at most ${100 * OVERLAP_SHARE_TOLERANCE} % is let pass` });
      } else warnings.push({ file: FILE, where: `code ${a.code}`, message: `${message}: within the tolerance of ${100 * OVERLAP_SHARE_TOLERANCE} %; a point there is located in one of them` });
    }
    foundAbove = found;
  }
  // Gaps are only measured where children do not overlap: overlapping areas would hide them.
  if (overlaps > 0) return;
  for (const [parentCode, kids] of children) {
    const parent = byCode.get(parentCode)!;
    const parentKm2 = areaKm2(parent.geometry);
    const gapKm2 = parentKm2 - kids.reduce((sum, k) => sum + areaKm2(k.geometry), 0);
    if (gapKm2 > Math.max(GAP_MIN_KM2, GAP_SHARE * parentKm2))
      warnings.push({
        file: FILE,
        where: `code ${parentCode}`,
        message: `${formatKm2(gapKm2)} of ${parent.level} ${parentCode} (${((100 * gapKm2) / parentKm2).toFixed(1)} %) lies in none of its ${kids[0]!.level === 'microGrid' ? 'micro-grids' : `${kids[0]!.level === 'community' ? 'communities' : `${kids[0]!.level}s`}`}${parent.level === 'community' ? ': a report there is outside every grid and refused' : ''}`,
      });
  }
}

const formatKm2 = (km2: number) => (km2 >= 1 ? `${km2.toFixed(2)} km²` : `${Math.round(km2 * 1e6).toLocaleString('en')} m²`);

/** The checked units as the city's data, in the model's compact format with the city's own codes and names. */
export function unitsToCityData(units: readonly UnitDraft[], city: CityFile['city'], seed: number): CityData {
  const ofLevel = (level: UnitLevel) => units.filter((u) => u.level === level);
  const indexOf = (list: UnitDraft[]) => new Map(list.map((u, i) => [u.code, i]));
  const districts = ofLevel('district');
  const streets = ofLevel('street');
  const communities = ofLevel('community');
  const grids = ofLevel('grid');
  const microGrids = ofLevel('microGrid');
  const [districtIndex, streetIndex, communityIndex, gridIndex] = [districts, streets, communities, grids].map(indexOf) as Map<string, number>[];
  const label = (u: UnitDraft) => (u.label ?? u.interior).map(round6) as [number, number];
  const serials = new Map<string, number>();
  const gridsFile: GridsFile = { format: 1, community: [], serial: [], exclusive: [], geometry: [], code: [], name: [] };
  grids.forEach((g, i) => {
    const key = `${g.parentCode}\u0000${g.gridKind}`;
    const serial = (serials.get(key) ?? (g.gridKind === 'exclusive' ? 500 : 0)) + 1;
    serials.set(key, serial);
    gridsFile.community.push(communityIndex!.get(g.parentCode!)!);
    gridsFile.serial.push(serial);
    gridsFile.geometry.push(g.geometry);
    gridsFile.code!.push(g.code);
    gridsFile.name!.push(g.name);
    if (g.gridKind === 'exclusive') gridsFile.exclusive.push({ grid: i, name: g.name, category: g.category ?? '商圈', landmark: false });
  });
  const microFile: MicroGridsFile = {
    format: 1,
    grid: microGrids.map((m) => gridIndex!.get(m.parentCode!)!),
    geometry: microGrids.map((m) => m.geometry),
    code: microGrids.map((m) => m.code),
    name: microGrids.map((m) => m.name),
  };
  return {
    city: {
      format: 1,
      seed,
      city,
      districts: districts.map((d) => ({
        code: d.code,
        name: d.name,
        shortName: d.shortName ?? d.name,
        kind: d.districtKind ?? (FUNCTIONAL_DISTRICT.test(d.name) ? 'functional' : 'administrative'),
        codeIsOfficial: /^\d{6}$/.test(d.code),
        label: label(d),
        geometry: d.geometry,
      })),
      streets: streets.map((s) => ({ code: s.code, name: s.name, district: districtIndex!.get(s.parentCode!)!, label: label(s), geometry: s.geometry })),
      communities: communities.map((c) => ({
        code: c.code,
        name: c.name,
        street: streetIndex!.get(c.parentCode!)!,
        rural: c.rural ?? /村(民委员会|委会)?$/.test(c.name),
        label: label(c),
        geometry: c.geometry,
      })),
    },
    grids: gridsFile,
    microGrids: microFile,
  };
}

/**
 * How far the new units lie from the city in use, matched by code at district and street level:
 * the median offset in metres east and north, over how many units, and the share that moved with
 * it. A GCJ-02 or BD-09 file read as WGS-84 moves every unit the same few hundred metres.
 */
export function shiftFromCurrent(units: readonly UnitDraft[], current: CityData): { eastM: number; northM: number; matched: number; alike: number } | null {
  const before = new Map<string, [number, number]>();
  for (const u of [...current.city.districts, ...current.city.streets]) before.set(u.code, toKm(...interiorPoint(u.geometry.flatMap((p) => p.map(decodeRing)))));
  const offsets: [number, number][] = [];
  for (const u of units) {
    if (u.level !== 'district' && u.level !== 'street') continue;
    const was = before.get(u.code);
    if (!was) continue;
    const now = toKm(...u.interior);
    offsets.push([(now[0] - was[0]) * 1000, (now[1] - was[1]) * 1000]);
  }
  if (offsets.length < 3) return null;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const eastM = median(offsets.map((o) => o[0]));
  const northM = median(offsets.map((o) => o[1]));
  const size = Math.hypot(eastM, northM);
  const alike = offsets.filter(([e, n]) => Math.hypot(e - eastM, n - northM) < 0.4 * size).length;
  return { eastM, northM, matched: offsets.length, alike };
}
