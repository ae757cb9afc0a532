/**
 * `npm run geo:build`: derives the city's committed geodata under data/geo from pinned npm
 * sources and a seed. Same sources and seed, same files, byte for byte.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeGeometry, type MultiPolygonCoords } from '../../common/geo/codec.ts';
import type { CityFile, GridsFile, MicroGridsFile } from '../../common/geo/hierarchy.ts';
import { toLngLat } from '../../common/geo/projection.ts';
import { deriveSeed, seededRandom } from '../../common/geo/random.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { carveFunctionalZones, readAdministrativeDistricts, ZHENGDONG_STREETS } from './districts.ts';
import { readDivisionCsv, type DivisionRow } from './divisions.ts';
import { buildCommunities, buildGrids, buildMicroGrids, buildStreets } from './hierarchy.ts';
import { labelPoint, type MultiPolygon, type Point } from './planar.ts';
import { filterRivers } from './rivers.ts';
import { sourceFiles } from './sources.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '20250720' },
    out: { type: 'string', default: 'data/geo' },
    cache: { type: 'string', default: '.cache/geo-sources' },
  },
});
const seed = Number(args.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args.seed}`);
const log = (line: string) => process.stdout.write(`${line}\n`);
const started = performance.now();
/** A progress bar redrawn in place on a terminal; in a log (no TTY) only the finished line. */
const bar = (label: string) => (done: number, total: number) => {
  if (!process.stdout.isTTY && done < total) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  ${label.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
};

const districtFiles = sourceFiles('districts', args.cache, log);
const divisionFiles = sourceFiles('divisions', args.cache, log);
const areaRows = readDivisionCsv(divisionFiles.areas, 'cityCode');
const streetRows = readDivisionCsv(divisionFiles.streets, 'areaCode');
const villageRows = readDivisionCsv(divisionFiles.villages, 'streetCode');
log(`sources: ${areaRows.length} district-level codes, ${streetRows.length} streets, ${villageRows.length} communities`);

const administrative = readAdministrativeDistricts(districtFiles.zhengzhou);
const districts = carveFunctionalZones(administrative, seededRandom(deriveSeed(seed, 'zones')));
const zoneOfStreet = (row: DivisionRow) => (ZHENGDONG_STREETS.includes(row.name) && ['410104', '410105'].includes(row.parentCode) ? '4101ZD' : row.parentCode);

const streets = buildStreets(districts, streetRows, zoneOfStreet, seed, bar('streets'));
const communities = buildCommunities(streets, villageRows, seed, bar('communities'));
const grids = buildGrids(communities, seed, bar('grids'));
const microGrids = buildMicroGrids(grids, communities, seed, bar('micro-grids'));

const toLngLatCoords = (shape: MultiPolygon): MultiPolygonCoords => shape.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => round6(toLngLat(x, y)))));
const round6 = ([lng, lat]: [number, number]): [number, number] => [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
const label = (shape: MultiPolygon): LngLat => round6(toLngLat(...(labelPoint(shape) as Point)));
const encode = (shape: MultiPolygon) => encodeGeometry(toLngLatCoords(shape));

const city: CityFile = {
  format: 1,
  seed,
  city: { code: '4101', name: '郑州市' },
  districts: districts.map((d) => ({ code: d.code, name: d.name, shortName: d.shortName, kind: d.kind, codeIsOfficial: d.codeIsOfficial, label: label(d.shape), geometry: encode(d.shape) })),
  streets: streets.map((s) => ({ code: s.code, name: s.name, district: s.parent, label: label(s.shape), geometry: encode(s.shape) })),
  communities: communities.map((c) => ({ code: c.code, name: c.name, street: c.parent, rural: c.rural, label: label(c.shape), geometry: encode(c.shape) })),
};
const gridsFile: GridsFile = {
  format: 1,
  community: grids.map((g) => g.community),
  serial: grids.map((g) => g.serial),
  exclusive: grids.flatMap((g, i) => (g.exclusive ? [{ grid: i, ...g.exclusive }] : [])),
  geometry: grids.map((g) => encode(g.shape)),
};
const microFile: MicroGridsFile = { format: 1, grid: microGrids.map((m) => m.grid), geometry: microGrids.map((m) => encode(m.shape)) };

mkdirSync(args.out, { recursive: true });
const write = (name: string, data: unknown) => {
  const file = path.join(args.out, name);
  writeFileSync(file, `${JSON.stringify(data)}\n`);
  log(`wrote ${file} (${(readFileSync(file).length / 1024).toFixed(0)} KiB)`);
};
write('city.json', city);
write('grids.json', gridsFile);
write('micro-grids.json', microFile);
write('rivers.json', filterRivers('data/sources/zhengzhou-rivers-gshhg.geojson', districts));
writeFileSync(
  'data/sources/zhengzhou-divisions.csv',
  [
    'level,code,name,parentCode',
    ...areaRows.map((r) => `district,${r.code},${r.name},${r.parentCode}`),
    ...streetRows.map((r) => `street,${r.code},${r.name},${r.parentCode}`),
    ...villageRows.map((r) => `community,${r.code},${r.name},${r.parentCode}`),
  ].join('\n') + '\n',
);
log(
  `done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${districts.length} districts, ${streets.length} streets, ${communities.length} communities, ` +
    `${grids.length - gridsFile.exclusive.length} grids + ${gridsFile.exclusive.length} exclusive, ${microGrids.length} micro-grids`,
);
