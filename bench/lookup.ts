/**
 * `npm run bench:lookup`: point → grid lookups per second, against a Flatbush R-tree over the same
 * polygons measured in the same run (the baseline), for points spread evenly over the city's
 * bounding box and for points drawn where people are (where events come from).
 * `-- --imported`: the same city as an imported city version (exported to its open formats and
 * imported back, with its own codes), written to lookup-imported.json.
 */
import Flatbush from 'flatbush';
import { populationDensity } from '../common/geo/density.ts';
import { pointInRings } from '../common/geo/pointInPolygon.ts';
import { toKm } from '../common/geo/projection.ts';
import { seededRandom } from '../common/geo/random.ts';
import { SIGN_IN_TARGET_MS } from '../common/domain/categories.ts';
import { CityGeography } from '../common/geo/cityModel.ts';
import { cityExport } from '../server/city/cityExport.ts';
import { checkCityImport } from '../server/city/cityImport.ts';
import { readConfig } from '../server/config.ts';
import { cityParts } from '../server/geo/cityParts.ts';
import { DEFAULT_GEO_DIR, loadCity } from '../server/geo/loadCity.ts';
import { writeBenchResult } from './results.ts';

const POINTS = 1_000_000;
const ROUNDS = 5;
const [minLng, minLat, maxLng, maxLat] = [112.72, 34.25, 114.23, 34.99];

const imported = process.argv.includes('--imported');

/** The generated city exported to its open formats and imported back: what a city's own files give. */
function importedCity(): CityGeography {
  const parts = cityParts(DEFAULT_GEO_DIR, readConfig({}).citySeed);
  const files = cityExport(parts, SIGN_IN_TARGET_MS);
  const result = checkCityImport({ 'units.geojson': files['units.geojson'], 'workers.csv': files['workers.csv'] }, { ...parts, sensors: null, servicesData: null }, 'wgs84');
  if (!result.data) throw new Error(`the exported city does not import: ${result.errors[0]?.message}`);
  return new CityGeography(result.data);
}

const loadStarted = performance.now();
const geo = imported ? importedCity() : loadCity();
const loadMs = performance.now() - loadStarted;

const leaves = [...geo.microGrids.map((m) => geo.microGridRingsOf(m.index)), ...geo.grids.filter((g) => g.microGrids.length === 0).map((g) => geo.gridRingsOf(g.index))];
const tree = new Flatbush(leaves.length);
for (const rings of leaves) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const ring of rings)
    for (let i = 0; i < ring.length; i += 2) {
      x0 = Math.min(x0, ring[i]!);
      x1 = Math.max(x1, ring[i]!);
      y0 = Math.min(y0, ring[i + 1]!);
      y1 = Math.max(y1, ring[i + 1]!);
    }
  tree.add(x0, y0, x1, y1);
}
tree.finish();
const flatbushLookup = (lng: number, lat: number) => {
  for (const k of tree.search(lng, lat, lng, lat)) if (pointInRings(lng, lat, leaves[k]!)) return k;
  return -1;
};

function samplePoints(kind: 'uniform' | 'populated'): Float64Array {
  const random = seededRandom(kind === 'uniform' ? 1 : 2);
  const points = new Float64Array(POINTS * 2);
  for (let i = 0; i < POINTS; ) {
    const lng = minLng + random.next() * (maxLng - minLng);
    const lat = minLat + random.next() * (maxLat - minLat);
    if (kind === 'populated' && random.next() * 1.2 > populationDensity(toKm(lng, lat))) continue;
    points[2 * i] = lng;
    points[2 * i + 1] = lat;
    i++;
  }
  return points;
}

function rate(points: Float64Array, lookup: (lng: number, lat: number) => number): { perSecond: number; found: number } {
  const perRound: number[] = [];
  let found = 0;
  for (let round = 0; round < ROUNDS; round++) {
    found = 0;
    const started = performance.now();
    for (let i = 0; i < POINTS; i++) if (lookup(points[2 * i]!, points[2 * i + 1]!) >= 0) found++;
    perRound.push(POINTS / ((performance.now() - started) / 1000));
  }
  perRound.sort((a, b) => a - b);
  return { perSecond: Math.round(perRound[Math.floor(ROUNDS / 2)]!), found };
}

const results = (['uniform', 'populated'] as const).map((kind) => {
  const points = samplePoints(kind);
  const index = rate(points, (lng, lat) => geo.locateGridIndex(lng, lat));
  const baseline = rate(points, flatbushLookup);
  return {
    points: kind,
    lookupsPerSecond: index.perSecond,
    baselineFlatbushPerSecond: baseline.perSecond,
    ratioToBaseline: +(index.perSecond / baseline.perSecond).toFixed(2),
    foundShare: +(index.found / POINTS).toFixed(3),
  };
});

console.log(`${imported ? 'export, import check and index build' : 'geodata load + index build'}: ${loadMs.toFixed(0)} ms; ${leaves.length.toLocaleString('en')} leaf polygons`);
console.table(results);
writeBenchResult(imported ? 'lookup-imported' : 'lookup', { loadMs: Math.round(loadMs), leafPolygons: leaves.length, pointsPerRound: POINTS, rounds: ROUNDS, results });
