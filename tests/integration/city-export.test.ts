import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../common/domain/categories.ts';
import { decodeGeometry } from '../../common/geo/codec.ts';
import { testConfig } from '../../server/config.ts';
import { cityParts } from '../../server/geo/cityParts.ts';
import { loadCityModelInUse } from '../../server/city/cityInUse.ts';
import { openStores } from '../../server/store/stores.ts';
import { seededRandom } from '../../common/geo/random.ts';

/**
 * `npm run city -- export --out DIR`: the city in use in open formats — every unit with its
 * parent and polygon, the roster, departments, categories and sensors, CSVs with a BOM — an
 * export never writes over files, and imported back it is the same city.
 */
const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-export-data-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
delete env.DATABASE_URL;
const city = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/city.ts', ...args], { env, maxBuffer: 1 << 22 });
const exportInto = (dir: string) => city('export', '--out', dir);

/** A CSV's header and rows (no field here holds a comma or a quote). */
const readCsv = (file: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = text
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
  return { header: header!, rows };
};

describe('the city exported', () => {
  it('writes units.geojson, workers.csv, departments.csv, categories.csv and sensors.csv of the city in use', { timeout: 120_000 }, async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-export-')), 'city');
    const { stdout } = await exportInto(dir);
    expect(stdout).toMatch(/exported 郑州市 \(the generated city\) into/);
    const config = testConfig();
    const { geo, roster, sensorRegistry } = cityParts(config.geoDir, config.citySeed);

    type Feature = { properties: { level: string; code: string; name: string; parentCode: string | null; gridKind?: string; category?: string }; geometry: { type: string; coordinates: unknown } };
    const units = JSON.parse(readFileSync(path.join(dir, 'units.geojson'), 'utf8')) as { type: string; features: Feature[] };
    expect(units.type).toBe('FeatureCollection');
    const byLevel = (level: string) => units.features.filter((f) => f.properties.level === level);
    expect(['district', 'street', 'community', 'grid', 'microGrid'].map((l) => byLevel(l).length)).toEqual([
      geo.districts.length,
      geo.streets.length,
      geo.communities.length,
      geo.grids.length,
      geo.microGrids.length,
    ]);
    const codes = new Map(units.features.map((f) => [f.properties.code, f.properties.level]));
    expect(codes.size).toBe(units.features.length);
    const parentLevel: Record<string, string | null> = { district: null, street: 'district', community: 'street', grid: 'community', microGrid: 'grid' };
    for (const f of units.features) expect(f.properties.parentCode === null ? null : codes.get(f.properties.parentCode), f.properties.code).toBe(parentLevel[f.properties.level]);
    // A grid's polygon is the city's own, and it says its kind (and an exclusive one its category).
    const exclusive = geo.grids.find((g) => g.kind === 'exclusive')!;
    const exported = byLevel('grid').find((f) => f.properties.code === exclusive.code)!;
    expect(exported.properties).toMatchObject({ name: exclusive.name, gridKind: 'exclusive', category: exclusive.category, parentCode: geo.communities[exclusive.community]!.code });
    const polygons = decodeGeometry(geo.data.grids.geometry[exclusive.index]!);
    expect(exported.geometry.coordinates).toEqual(polygons.length === 1 ? polygons[0] : polygons);

    const workers = readCsv(path.join(dir, 'workers.csv'));
    expect(workers.header).toEqual(['id', 'name', 'role', 'gridCode', 'microGridCode', 'phone']);
    expect(workers.rows).toHaveLength(roster.size);
    for (const [id, , role, gridCode, microGridCode] of workers.rows) {
      expect(codes.get(gridCode!), id).toBe('grid');
      if (microGridCode) expect(codes.get(microGridCode), id).toBe('microGrid');
      expect(['gridLeader', 'gridWorker', 'microGridWorker', 'police']).toContain(role);
    }

    const departments = readCsv(path.join(dir, 'departments.csv'));
    expect(departments.header).toEqual(['code', 'name', 'district', 'categories']);
    const departmentCodes = new Set(departments.rows.map((r) => r[0]));
    const categories = readCsv(path.join(dir, 'categories.csv'));
    expect(categories.header).toEqual(['category', 'name', 'departments', 'dispatch', 'signInHours', 'resolveHours']);
    expect(categories.rows.map((r) => r[0])).toEqual([...CATEGORY_CODES]);
    for (const [category, , named, dispatch] of categories.rows) {
      for (const d of named!.split('|')) expect(departmentCodes.has(d), `${category} → ${d}`).toBe(true);
      expect(['direct', 'joint', 'leader']).toContain(dispatch);
    }

    const sensors = readCsv(path.join(dir, 'sensors.csv'));
    expect(sensors.header.slice(0, 5)).toEqual(['id', 'kind', 'name', 'lng', 'lat']);
    expect(sensors.rows).toHaveLength(sensorRegistry.size);
    expect(sensors.rows[0]).toEqual([
      sensorRegistry.id(0),
      sensorRegistry.kindOf(0),
      expect.any(String),
      String(sensorRegistry.lng[0]),
      String(sensorRegistry.lat[0]),
      'above',
      '10',
      '20',
      '30',
      '50',
      '3',
    ]);

    // Never over files already there.
    await expect(exportInto(dir)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('not empty') });

    // Imported back, it is the same city: the same files out again, every level's codes, the
    // roster, and 10,000 random points located alike.
    const imported = await city('import', dir);
    expect(imported.stdout).toMatch(/stored city version 1: 16 districts, 208 streets, 3306 communities, 24417 grids, 47188 micro-grids, 100394 workers \(0 new, 0 no longer listed\)/);
    const again = path.join(path.dirname(dir), 'again');
    expect((await exportInto(again)).stdout).toMatch(/exported 郑州市 \(city version 1\) into/);
    for (const name of ['units.geojson', 'workers.csv', 'departments.csv', 'categories.csv', 'sensors.csv'])
      expect(readFileSync(path.join(again, name)).equals(readFileSync(path.join(dir, name))), name).toBe(true);
    const stores = await openStores({ databaseUrl: null, databaseFile: path.join(dataDir, 'city-brain.sqlite') });
    const version = await loadCityModelInUse(config, stores.cityVersions);
    await stores.close();
    expect(version.version).toBe(1);
    for (const level of ['districts', 'streets', 'communities', 'grids', 'microGrids'] as const)
      expect(
        version.geo[level].map((u) => [u.code, u.name]),
        level,
      ).toEqual(geo[level].map((u) => [u.code, u.name]));
    expect(Array.from({ length: version.roster.size }, (_, i) => [version.roster.id(i), version.roster.name[i], version.roster.role[i], version.roster.grid[i]])).toEqual(
      Array.from({ length: roster.size }, (_, i) => [roster.id(i), roster.name[i], roster.role[i], roster.grid[i]]),
    );
    const random = seededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const [lng, lat] = [112.7 + random.next() * 1.5, 34.2 + random.next() * 0.9];
      expect(version.geo.locate(lng, lat), `${lng},${lat}`).toEqual(geo.locate(lng, lat));
    }
  });
});
