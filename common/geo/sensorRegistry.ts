import { SENSOR_KIND_LABELS, SENSOR_KINDS, type SensorKind } from '../domain/sensors.ts';
import type { CityGeography } from './cityModel.ts';
import { decodeRing } from './codec.ts';
import { ringsBounds } from './polygonIndex.ts';
import { POPULATION_CENTRES } from './places.ts';
import { toKm, toLngLat } from './projection.ts';
import { deriveSeed, type RandomSource, seededRandom } from './random.ts';
import type { LngLat } from './units.ts';

/** How many of each kind the city has (DOMAIN: 300多个易积水点, 22万 IoT devices, 13万 cameras). */
export const SENSOR_COUNTS: Record<SensorKind, number> = {
  waterlogging: 326,
  smokeDetector: 70_000,
  manholeCover: 40_000,
  gasLeak: 25_000,
  waterPressure: 8_000,
  streetLight: 45_000,
  signalLamp: 4_000,
  elevator: 22_000,
  fireHydrant: 6_000,
  camera: 130_000,
};

/** Id prefixes: a device id is its prefix and a six-digit serial, e.g. WL000017, SD012345. */
const PREFIX: Record<SensorKind, string> = {
  waterlogging: 'WL',
  smokeDetector: 'SD',
  manholeCover: 'MC',
  gasLeak: 'GL',
  waterPressure: 'WP',
  streetLight: 'SL',
  signalLamp: 'TL',
  elevator: 'EV',
  fireHydrant: 'FH',
  camera: 'CM',
};

/**
 * Share of each kind placed evenly over the whole city rather than where people live: lifts
 * and signal lamps are urban; street lights and manholes line rural roads too.
 */
const RURAL_SHARE: Record<SensorKind, number> = {
  waterlogging: 0,
  smokeDetector: 0.2,
  manholeCover: 0.3,
  gasLeak: 0.15,
  waterPressure: 0.3,
  streetLight: 0.4,
  signalLamp: 0.1,
  elevator: 0.05,
  fireHydrant: 0.25,
  camera: 0.35,
};

export const WATERLOGGING_TYPES = ['underpass', 'lowRoad', 'riverside', 'oldDistrict'] as const;
export type WaterloggingType = (typeof WATERLOGGING_TYPES)[number];
export const WATERLOGGING_TYPE_LABELS: Record<WaterloggingType, { zh: string; en: string }> = {
  underpass: { zh: '下穿通道', en: 'Underpass' },
  lowRoad: { zh: '低洼路段', en: 'Low road' },
  riverside: { zh: '沿河路段', en: 'Riverside road' },
  oldDistrict: { zh: '老旧小区', en: 'Old residential area' },
};

/** What makes a waterlogging point flood: how low it lies and how much rain its drains take. */
export interface WaterloggingSite {
  name: string;
  type: WaterloggingType;
  /** 0..1: the share of the surrounding run-off that collects here. */
  lowness: number;
  /** Rain its drains carry away, mm per hour (Zhengzhou's design storm is ≈ 50 mm/h). */
  drainageMmPerH: number;
}

/** Per type: how many, and the ranges their lowness and drainage are drawn from. */
const SITE_SPECS: Record<WaterloggingType, { count: number; lowness: [number, number]; drainageMmPerH: [number, number] }> = {
  underpass: { count: 72, lowness: [0.8, 1], drainageMmPerH: [25, 45] },
  lowRoad: { count: 118, lowness: [0.5, 0.85], drainageMmPerH: [25, 50] },
  riverside: { count: 82, lowness: [0.5, 0.8], drainageMmPerH: [20, 40] },
  oldDistrict: { count: 54, lowness: [0.4, 0.75], drainageMmPerH: [15, 30] },
};

/** The old city (二七、管城、金水、中原 around 二七塔), where drains are oldest. */
const OLD_CITY: LngLat = [113.655, 34.755];

/**
 * Every sensor of the city, columnar (≈ 350,000 rows), derived deterministically from the
 * geography, its rivers and a seed — like the roster, every process computes the same registry.
 * Devices of one kind are contiguous; waterlogging points come first, so point i is site i.
 */
export interface SensorRegistry {
  size: number;
  /** Index into SENSOR_KINDS. */
  kind: Uint8Array;
  lng: Float64Array;
  lat: Float64Array;
  grid: Int32Array;
  district: Int16Array;
  ranges: Record<SensorKind, { start: number; count: number }>;
  sites: WaterloggingSite[];
  id(index: number): string;
  /** The index of a device id, or -1. */
  indexOf(id: string): number;
  kindOf(index: number): SensorKind;
  /** What the device is called: a waterlogging point's site name, or the name its city gave it, or its kind and id. */
  nameOf(index: number): string;
}

/** A city's own devices as its sensors file gives them, columnar: row i is one device (WGS-84). */
export interface SensorColumns {
  id: string[];
  kind: SensorKind[];
  name: string[];
  lng: number[];
  lat: number[];
}

/**
 * What a city's own waterlogging point is taken to be until it says more: a low road of middling
 * lowness and drains, the values the rain model (simulator) reads.
 */
const IMPORTED_SITE = { type: 'lowRoad', lowness: 0.65, drainageMmPerH: 35 } as const;

/**
 * A city's own devices as a registry, with their own ids and names, each located in the city
 * (`geo`): devices of one kind made contiguous, in SENSOR_KINDS order and the file's order within
 * a kind. Devices outside every grid must have been left out before (the import retires them).
 */
export function sensorRegistryFromColumns(geo: CityGeography, columns: SensorColumns): SensorRegistry {
  const order = columns.id.map((_, i) => i);
  const rank = new Map(SENSOR_KINDS.map((k, i) => [k, i]));
  order.sort((a, b) => rank.get(columns.kind[a]!)! - rank.get(columns.kind[b]!)! || a - b);
  const size = order.length;
  const kind = new Uint8Array(size);
  const lng = new Float64Array(size);
  const lat = new Float64Array(size);
  const grid = new Int32Array(size);
  const district = new Int16Array(size);
  const ids: string[] = [];
  const names: string[] = [];
  order.forEach((row, i) => {
    kind[i] = rank.get(columns.kind[row]!)!;
    lng[i] = columns.lng[row]!;
    lat[i] = columns.lat[row]!;
    grid[i] = geo.locateGridIndex(lng[i]!, lat[i]!);
    if (grid[i]! < 0) throw new Error(`sensor ${columns.id[row]} at [${lng[i]}, ${lat[i]}] lies outside the city`);
    district[i] = geo.districtOfGrid(grid[i]!);
    ids.push(columns.id[row]!);
    names.push(columns.name[row]!);
  });
  const ranges = {} as SensorRegistry['ranges'];
  let start = 0;
  for (const [k, sensorKind] of SENSOR_KINDS.entries()) {
    let count = 0;
    while (start + count < size && kind[start + count] === k) count++;
    ranges[sensorKind] = { start, count };
    start += count;
  }
  const sites: WaterloggingSite[] = names.slice(0, ranges.waterlogging.count).map((name) => ({ name, ...IMPORTED_SITE }));
  const indexById = new Map(ids.map((id, i) => [id, i]));
  return {
    size,
    kind,
    lng,
    lat,
    grid,
    district,
    ranges,
    sites,
    id: (index) => ids[index]!,
    indexOf: (id) => indexById.get(id) ?? -1,
    kindOf: (index) => SENSOR_KINDS[kind[index]!]!,
    nameOf: (index) => names[index]!,
  };
}

export function buildSensorRegistry(geo: CityGeography, riverLines: readonly (readonly LngLat[])[], seed: number, counts = SENSOR_COUNTS): SensorRegistry {
  const size = SENSOR_KINDS.reduce((sum, k) => sum + counts[k], 0);
  const kind = new Uint8Array(size);
  const lng = new Float64Array(size);
  const lat = new Float64Array(size);
  const grid = new Int32Array(size);
  const district = new Int16Array(size);
  const ranges = {} as SensorRegistry['ranges'];
  let next = 0;
  const place = (k: number, point: LngLat, g: number) => {
    kind[next] = k;
    lng[next] = point[0];
    lat[next] = point[1];
    grid[next] = g;
    district[next] = geo.districtOfGrid(g);
    next++;
  };

  const fallback = boxSampler(seededRandom(deriveSeed(seed, 'sensors:box')), geo);
  const sites: WaterloggingSite[] = [];
  const siteRandom = seededRandom(deriveSeed(seed, 'waterlogging'));
  const sampleSite = siteSampler(siteRandom, riverLines);
  const namesUsed = new Map<string, number>();
  ranges.waterlogging = { start: 0, count: counts.waterlogging };
  const scale = counts.waterlogging / 326;
  for (const type of WATERLOGGING_TYPES) {
    const spec = SITE_SPECS[type];
    const n = type === 'oldDistrict' ? counts.waterlogging - sites.length : Math.round(spec.count * scale);
    for (let i = 0; i < n; i++) {
      const [point, g] = drawInCity(geo, () => sampleSite(type), fallback);
      const base = `${geo.communities[geo.grids[g]!.community]!.name}${WATERLOGGING_TYPE_LABELS[type].zh}`;
      const seen = (namesUsed.get(base) ?? 0) + 1;
      namesUsed.set(base, seen);
      sites.push({
        name: seen === 1 ? base : `${base}${seen}号`,
        type,
        lowness: between(siteRandom, spec.lowness),
        drainageMmPerH: Math.round(between(siteRandom, spec.drainageMmPerH)),
      });
      place(0, point, g);
    }
  }

  for (let k = 1; k < SENSOR_KINDS.length; k++) {
    const sensorKind = SENSOR_KINDS[k]!;
    const random = seededRandom(deriveSeed(seed, `sensors:${sensorKind}`));
    const sample = densitySampler(random, RURAL_SHARE[sensorKind], geo);
    ranges[sensorKind] = { start: next, count: counts[sensorKind] };
    for (let i = 0; i < counts[sensorKind]; i++) {
      const [point, g] = drawInCity(geo, sample, fallback);
      place(k, point, g);
    }
  }

  const starts = new Map(SENSOR_KINDS.map((k) => [PREFIX[k], k] as const));
  const id = (index: number) => {
    const k = SENSOR_KINDS[kind[index]!]!;
    return PREFIX[k] + String(index - ranges[k].start + 1).padStart(6, '0');
  };
  return {
    size,
    kind,
    lng,
    lat,
    grid,
    district,
    ranges,
    sites,
    id,
    indexOf: (id) => {
      const k = starts.get(id.slice(0, 2));
      if (!k || id.length !== 8) return -1;
      const serial = Number(id.slice(2));
      if (!Number.isInteger(serial) || serial < 1 || serial > ranges[k].count) return -1;
      return ranges[k].start + serial - 1;
    },
    kindOf: (index) => SENSOR_KINDS[kind[index]!]!,
    nameOf: (index) => (kind[index] === 0 ? sites[index - ranges.waterlogging.start]!.name : `${SENSOR_KIND_LABELS[SENSOR_KINDS[kind[index]!]!].zh} ${id(index)}`),
  };
}

const between = (random: RandomSource, [low, high]: readonly [number, number]) => low + random.next() * (high - low);

function gaussian(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function drawInCity(geo: CityGeography, sample: () => LngLat, fallback: () => LngLat): [LngLat, number] {
  for (let attempt = 0; ; attempt++) {
    // Past DRAWS_BEFORE_FALLBACK misses the city lies away from the sampled densities (a city's
    // own, smaller units): draw evenly over its box instead, which holds it.
    const point = attempt < DRAWS_BEFORE_FALLBACK ? sample() : fallback();
    // Rounded to 1e-5° (≈ 1 m) before locating, so the stored position lies in the stored grid.
    const [lng, lat] = point.map((v) => Math.round(v * 1e5) / 1e5) as [number, number];
    const g = geo.locateGridIndex(lng, lat);
    if (g >= 0) return [[lng, lat], g];
  }
}

const DRAWS_BEFORE_FALLBACK = 200;

/** Even draws over the box of the city's districts. */
function boxSampler(random: RandomSource, geo: CityGeography): () => LngLat {
  const rings = geo.data.city.districts.flatMap((d) => d.geometry.flatMap((polygon) => polygon.map(decodeRing)));
  const [west, south, east, north] = ringsBounds(rings);
  return () => [west + random.next() * (east - west), south + random.next() * (north - south)];
}

const nearKm = (random: RandomSource, centre: LngLat, radiusKm: number): LngLat => {
  const [x, y] = toKm(centre[0], centre[1]);
  return toLngLat(x + gaussian(random) * radiusKm, y + gaussian(random) * radiusKm);
};

/**
 * Draws from the population density of density.ts: a centre chosen by its mass (weight × area of
 * its bell), then a point in its bell; or, for the rural share, anywhere in the city's box.
 */
function densitySampler(random: RandomSource, ruralShare: number, geo: CityGeography): () => LngLat {
  const masses = POPULATION_CENTRES.map((c) => c.weight * c.radiusKm * c.radiusKm);
  const total = masses.reduce((a, b) => a + b, 0);
  const labels = geo.districts.map((d) => d.label);
  const west = Math.min(...labels.map((l) => l[0])) - 0.3;
  const east = Math.max(...labels.map((l) => l[0])) + 0.3;
  const south = Math.min(...labels.map((l) => l[1])) - 0.2;
  const north = Math.max(...labels.map((l) => l[1])) + 0.2;
  return () => {
    if (random.next() < ruralShare) return [west + random.next() * (east - west), south + random.next() * (north - south)];
    let pick = random.next() * total;
    let c = 0;
    while (c < masses.length - 1 && (pick -= masses[c]!) > 0) c++;
    const centre = POPULATION_CENTRES[c]!;
    return nearKm(random, centre.position, centre.radiusKm);
  };
}

/** Waterlogging points: underpasses in the core, low roads in towns, river banks, the old city. */
function siteSampler(random: RandomSource, riverLines: readonly (readonly LngLat[])[]): (type: WaterloggingType) => LngLat {
  const urban = POPULATION_CENTRES.filter((c) => c.weight >= 0.35);
  const [main, east] = [POPULATION_CENTRES[0]!, POPULATION_CENTRES[1]!];
  // River vertices within the built-up areas: where a bank road floods when the river is high.
  const banks = riverLines.flat().filter((p) => urban.some((c) => Math.hypot(...sub(toKm(p[0], p[1]), toKm(c.position[0], c.position[1]))) < c.radiusKm * 1.5));
  return (type) => {
    switch (type) {
      case 'underpass':
        return random.next() < 0.75 ? nearKm(random, main.position, 5) : nearKm(random, east.position, 3.5);
      case 'lowRoad': {
        const c = random.next() < 0.6 ? main : random.pick(urban);
        return nearKm(random, c.position, c.radiusKm * 0.6);
      }
      case 'riverside':
        return banks.length ? nearKm(random, random.pick(banks), 0.15) : nearKm(random, main.position, 6);
      case 'oldDistrict':
        return nearKm(random, OLD_CITY, 2.5);
    }
  };
}

const sub = (a: readonly [number, number], b: readonly [number, number]): [number, number] => [a[0] - b[0], a[1] - b[1]];

/** The rivers file's lines as point lists. */
export function riverLinesOf(rivers: GeoJSON.FeatureCollection): LngLat[][] {
  const lines: LngLat[][] = [];
  for (const f of rivers.features) {
    if (f.geometry.type === 'LineString') lines.push(f.geometry.coordinates.map(([lng, lat]) => [lng!, lat!] as LngLat));
    else if (f.geometry.type === 'MultiLineString') for (const l of f.geometry.coordinates) lines.push(l.map(([lng, lat]) => [lng!, lat!] as LngLat));
  }
  return lines;
}
