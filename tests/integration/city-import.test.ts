import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { openStores } from '../../server/store/stores.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';
import { tileAt, tileLayers } from '../support/tiles.ts';
import {
  middleOf,
  type SmallUnit,
  sensorsCsv,
  smallCityCategoriesCsv,
  smallCityDepartmentsCsv,
  smallCitySensors,
  smallCityUnits,
  smallCityWorkers,
  unitsGeoJson,
  workersCsv,
  writeCityFiles,
} from '../support/smallCity.ts';

/**
 * `npm run city -- import DIR`: a city's own files replace the generated city — checked first,
 * every problem reported and nothing changed when one is wrong — and the next start serves it:
 * locate, the scope tree, the summary, a broadcast's reach, the versions list; the workers it
 * no longer lists are disabled, and its own workers enrol their phones.
 */
const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-import-'));
const files = mkdtempSync(path.join(os.tmpdir(), 'city-brain-import-files-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
delete env.DATABASE_URL;
const cli = async (script: string, args: string[], input?: string) => {
  const child = run(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { env, maxBuffer: 1 << 22 });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};
const importCity = (dir: string, ...options: string[]) => cli('city', ['import', dir, ...options]);

const units = smallCityUnits();
const workers = smallCityWorkers(units);
const unit = (code: string) => units.find((u) => u.code === code)!;
const sensors = smallCitySensors(units);
const goodFiles = () => ({
  'units.geojson': unitsGeoJson(units),
  'workers.csv': workersCsv(workers),
  'sensors.csv': sensorsCsv(sensors),
  'departments.csv': smallCityDepartmentsCsv(),
  'categories.csv': smallCityCategoriesCsv(),
});

async function storedVersion(): Promise<number> {
  const stores = await openStores({ databaseUrl: null, databaseFile: path.join(dataDir, 'city-brain.sqlite') });
  try {
    return await stores.cityVersions.latestVersion();
  } finally {
    await stores.close();
  }
}

describe('a city imported from its own files', () => {
  beforeAll(async () => {
    // A worker of the generated city with an account: the import must disable it.
    const added = await cli('accounts', ['add', 'W000001', '--role', 'worker', '--unit', 'W000001', '--password-stdin'], 'a-long-password-1\n');
    expect(added.code, added.stderr).toBe(0);
  }, 120_000);

  it('checks the files, reports nothing wrong in a dry run, and stores nothing', { timeout: 120_000 }, async () => {
    const dir = writeCityFiles(path.join(files, 'dry'), goodFiles());
    const result = await importCity(dir, '--dry-run');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /dry run, nothing stored: the files are a valid city of 2 districts, 4 streets, 8 communities, 16 grids, 16 micro-grids, 50 workers \(50 new, 100394 no longer listed\)/,
    );
    expect(await storedVersion()).toBe(0);
  });

  it('stores the city as version 1, disabling the workers it no longer lists', { timeout: 120_000 }, async () => {
    const result = await importCity(writeCityFiles(path.join(files, 'good'), goodFiles()));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/stored city version 1: 2 districts/);
    expect(result.stdout).toMatch(/100394 workers of the city in use are no longer listed \(W000001, /);
    expect(await storedVersion()).toBe(1);
    const listed = await cli('accounts', ['list', '--role', 'worker']);
    expect(listed.stdout).toMatch(/^W000001\tworker\tW000001\t-\tno\t/m);
  });

  const shifted = (crs: 'GCJ02' | 'BD09') => (lng: number, lat: number) => gcoord.transform([lng, lat], gcoord.WGS84, gcoord[crs]) as [number, number];
  const bad: [string, () => Record<string, string>, RegExp][] = [
    [
      'overlapping grids',
      () => {
        const grown = units.map((u) => (u.code === 'ZZ01-S1-C2-G1' ? { ...u, box: [u.box[0], u.box[1], u.box[2], u.box[3] + 0.004] as SmallUnit['box'] } : u));
        return { 'units.geojson': unitsGeoJson(grown) };
      },
      /units\.geojson code ZZ01-S1-C2-G1: overlaps grid ZZ01-S1-C2-G2 by [\d,]+ m²/,
    ],
    [
      'a grid outside its community',
      () => ({ 'units.geojson': unitsGeoJson(units.map((u) => (u.code === 'ZZ02-S2-C2-G2' ? { ...u, box: [u.box[0] + 0.05, u.box[1], u.box[2] + 0.05, u.box[3]] as SmallUnit['box'] } : u))) }),
      /units\.geojson code ZZ02-S2-C2-G2: lies outside its parent ZZ02-S2-C2: \[[\d.]+, [\d.]+\] is \d+ m beyond it/,
    ],
    [
      'an unknown parent',
      () => ({ 'units.geojson': unitsGeoJson(units.map((u) => (u.code === 'ZZ01-S2' ? { ...u, parentCode: 'ZZ09' } : u))) }),
      /units\.geojson code ZZ01-S2: unknown parent code ZZ09/,
    ],
    [
      'a duplicate code',
      () => ({ 'units.geojson': unitsGeoJson(units.map((u) => (u.code === 'ZZ02-S1-C1-G2' ? { ...u, code: 'ZZ02-S1-C1-G1' } : u))) }),
      /units\.geojson code ZZ02-S1-C1-G1: the code is given twice: features #\d+ \(grid\) and #\d+ \(grid\)/,
    ],
    [
      'a worker in an unknown grid',
      () => ({ 'workers.csv': workersCsv(workers.map((w, i) => (i === 6 ? { ...w, gridCode: 'ZZ07-S1-C1-G1', microGridCode: '' } : w))) }),
      /workers\.csv line 8: worker ZZ-0007: unknown grid code "ZZ07-S1-C1-G1"/,
    ],
    [
      'a category naming an unknown department',
      () => ({ 'categories.csv': '\uFEFFcategory,name,departments,dispatch,signInHours,resolveHours\r\nroadDamage,道路破损,cityManagement|roadAgency,direct,0.0833,48\r\n' }),
      /categories\.csv line 2: category roadDamage names unknown department roadAgency/,
    ],
    [
      'departments that leave a category to nobody',
      () => ({
        'departments.csv': smallCityDepartmentsCsv()
          .replace(/,ZZ02,waterMainBurst/, ',ZZ02,')
          .replace(/,ZZ01,waterMainBurst/, ',ZZ01,'),
      }),
      /departments\.csv file: no department handles category waterMainBurst/,
    ],
    [
      'a self-intersecting polygon',
      () => {
        const text = JSON.parse(unitsGeoJson(units));
        const feature = text.features.find((f: { properties: { code: string } }) => f.properties.code === 'ZZ01-S1-C1-G1-M1');
        const [[w, s], [e], [, n]] = feature.geometry.coordinates[0];
        // A bow tie: the ring's second and fourth edges cross in the middle.
        feature.geometry.coordinates = [
          [
            [w, s],
            [e, s],
            [w, n],
            [e, n],
            [w, s],
          ],
        ];
        return { 'units.geojson': JSON.stringify(text) };
      },
      /units\.geojson code ZZ01-S1-C1-G1-M1: the polygon crosses itself near \[/,
    ],
    [
      'a GCJ-02 file imported as WGS-84',
      () => ({ 'units.geojson': unitsGeoJson(units, shifted('GCJ02')) }),
      /the units lie \d+ m from the same codes in the city in use .*GCJ-02 or BD-09 read as WGS84\? Import with --crs gcj02/,
    ],
  ];

  it.each(bad)('refuses %s with a report naming it, and changes nothing', { timeout: 120_000 }, async (name, make, expected) => {
    const result = await importCity(writeCityFiles(path.join(files, name.replaceAll(' ', '-')), make()));
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^\d+ errors?/m);
    expect(result.stdout).toMatch(expected);
    expect(result.stderr).toMatch(/city: nothing changed: \d+ problems? to fix/);
    expect(await storedVersion()).toBe(1);
  });

  it('takes the same GCJ-02 file with --crs gcj02: the same city', { timeout: 120_000 }, async () => {
    const result = await importCity(writeCityFiles(path.join(files, 'gcj'), { 'units.geojson': unitsGeoJson(units, shifted('GCJ02')) }), '--crs', 'gcj02', '--dry-run');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/valid city of 2 districts, 4 streets, 8 communities, 16 grids, 16 micro-grids, 50 workers \(0 new, 0 no longer listed\)/);
  });

  describe('served', () => {
    let server: RunningServer;
    let officer: string;
    beforeAll(async () => {
      server = await startTestServer({ dataDir, databaseFile: path.join(dataDir, 'city-brain.sqlite'), demo: true });
      officer = await login(server.url, 'officer');
    }, 120_000);
    afterAll(async () => server?.stop());

    it('locates in its units, and the demo city is gone', async () => {
      const grid = unit('ZZ02-S1-C2-G1');
      const micro = unit('ZZ02-S1-C2-G1-M2');
      const [lng, lat] = middleOf(micro);
      const located = await call(server.url, 'GET', `/api/geo/locate?lng=${lng}&lat=${lat}`, officer);
      expect(located.status).toBe(200);
      expect(located.body).toMatchObject({
        district: { code: 'ZZ02', name: '西城区' },
        street: { code: 'ZZ02-S1' },
        community: { code: 'ZZ02-S1-C2' },
        grid: { code: grid.code, name: grid.name, kind: 'regular' },
        microGrid: { code: micro.code },
      });
      const [elng, elat] = middleOf(unit('ZZ01-S2-C1-G2'));
      expect((await call(server.url, 'GET', `/api/geo/locate?lng=${elng}&lat=${elat}`, officer)).body).toMatchObject({ grid: { code: 'ZZ01-S2-C1-G2', kind: 'exclusive' }, microGrid: null });
      // Where the generated city's 金水区 was, there is no city now.
      expect((await call(server.url, 'GET', '/api/geo/locate?lng=113.75&lat=34.8', officer)).status).toBe(404);
      expect((await call(server.url, 'GET', '/api/geo/units?parent=410105', officer)).status).toBe(404);
    });

    it("draws the map's tiles from its units", async () => {
      const city = await tileLayers(server.url, tileAt(113.64, 34.72, 7));
      expect(Array.from({ length: city.districts!.length }, (_, i) => city.districts!.feature(i).properties.name).sort()).toEqual(['东城区', '西城区']);
      const [lng, lat] = middleOf(unit('ZZ02-S1-C2-G1'));
      const close = await tileLayers(server.url, tileAt(lng, lat, 14));
      const grids = Array.from({ length: close.grids!.length }, (_, i) => close.grids!.feature(i).properties.name);
      expect(grids).toContain(unit('ZZ02-S1-C2-G1').name);
      expect(grids.every((name) => units.some((u) => u.level === 'grid' && u.name === name))).toBe(true);
    });

    it('gives the scope tree and the summary of its units and roster', async () => {
      const tree = await call(server.url, 'GET', '/api/geo/units', officer);
      expect(tree.body.units.map((u: { code: string }) => u.code)).toEqual(['ZZ01', 'ZZ02']);
      const streets = await call(server.url, 'GET', '/api/geo/units?parent=ZZ01', officer);
      expect(streets.body.units.map((u: { code: string }) => u.code)).toEqual(['ZZ01-S1', 'ZZ01-S2']);
      const summary = await call(server.url, 'GET', '/api/geo/summary', officer);
      expect(summary.body).toMatchObject({ districts: 2, streets: 4, communities: 8, grids: 12, exclusiveGrids: 4, microGrids: 16, workers: 50 });
      expect(summary.body.byDistrict.map((d: { code: string }) => d.code)).toEqual(['ZZ01', 'ZZ02']);
    });

    it("reaches a district's own workers with a broadcast, and files an event in its grid", async () => {
      const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
        content: { title: '演练', body: '东城区演练', priority: 'normal', requiresConfirmation: false, exercise: true },
        scope: { districts: ['ZZ01'] },
      });
      expect(sent.status).toBe(201);
      expect(sent.body.targeted).toBe(workers.filter((w) => w.gridCode.startsWith('ZZ01-')).length);
      const integration = await login(server.url, 'integration');
      const [lng, lat] = middleOf(unit('ZZ01-S1-C2-G2'));
      const filed = await call(server.url, 'POST', '/api/events', integration, report({ lng, lat }));
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      expect(filed.body.gridCode).toBe('ZZ01-S1-C2-G2');
      const stored = await call(server.url, 'GET', `/api/events/${filed.body.id}`, officer);
      expect(stored.body.event ?? stored.body).toMatchObject({ districtCode: 'ZZ01', streetCode: 'ZZ01-S1', gridCode: 'ZZ01-S1-C2-G2' });
    });

    it("knows the city's own devices by their own ids, and takes their readings", async () => {
      const point = await call(server.url, 'GET', '/api/sensors/ZZWL-001', officer);
      expect(point.status).toBe(200);
      expect(point.body).toMatchObject({ id: 'ZZWL-001', kind: 'waterlogging', name: '东城隧道积水点', districtCode: 'ZZ01', gridCode: 'ZZ01-S1-C1-G1' });
      expect((await call(server.url, 'GET', '/api/sensors/WL000001', officer)).status).toBe(404);
      const summary = await call(server.url, 'GET', '/api/sensors/summary', officer);
      expect(JSON.stringify(summary.body)).not.toContain('410102');
      const integration = await login(server.url, 'integration');
      const readings = await call(server.url, 'POST', '/api/sensors/readings', integration, { readings: [{ sensorId: 'ZZSD-001', atMs: Date.now(), value: 0, unit: '%obs/m' }] });
      expect(readings.status, JSON.stringify(readings.body)).toBe(200);
      expect(readings.body).toMatchObject({ accepted: 1 });
    });

    it("routes by the city's own departments and categories, and names them to every page", async () => {
      const listed = await call(server.url, 'GET', '/api/city/services', null);
      expect(listed.status).toBe(200);
      expect(listed.body.departments.map((d: { code: string }) => d.code)).toEqual(['dc-water', 'xc-water', 'city-law']);
      expect(listed.body.categories.waterMainBurst).toEqual({
        name: '自来水管爆裂',
        nameEn: 'Burst water main',
        departments: ['dc-water', 'xc-water'],
        dispatch: 'direct',
        signInTargetMs: 1_800_000,
        handlingTargetMs: 21_600_000,
      });
      const integration = await login(server.url, 'integration');
      const [lng, lat] = middleOf(unit('ZZ02-S2-C1-G2'));
      const burst = await call(server.url, 'POST', '/api/events', integration, report({ lng, lat, category: 'waterMainBurst', description: '西城区水管爆裂' }));
      expect(burst.status, JSON.stringify(burst.body)).toBe(201);
      const dispatchOf = async (id: string) => {
        const read = await call(server.url, 'GET', `/api/events/${id}`, officer);
        return (read.body.event ?? read.body).dispatch;
      };
      expect(burst.body.state).toBe('dispatched');
      expect(await dispatchOf(burst.body.id)).toEqual({ mode: 'direct', departments: ['xc-water'] });
      const [plng, plat] = middleOf(unit('ZZ01-S2-C2-G1'));
      const pavement = await call(server.url, 'POST', '/api/events', integration, report({ lng: plng, lat: plat }));
      expect(await dispatchOf(pavement.body.id)).toMatchObject({ departments: ['city-law'] });
      // The district's department signs for it on its desk; the release's own departments are gone.
      const water = await login(server.url, 'dept.xc-water');
      const signed = await call(server.url, 'POST', `/api/events/${burst.body.id}/transitions`, water, { to: 'signed' });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      await expect(login(server.url, 'dept.waterSupply')).rejects.toThrow(/401/);
      const redirected = await call(server.url, 'POST', `/api/events/${pavement.body.id}/transitions`, officer, { to: 'returned', note: '退回重派' });
      expect(redirected.status).toBe(200);
      const refused = await call(server.url, 'POST', `/api/events/${pavement.body.id}/transitions`, officer, { to: 'dispatched', departments: ['cityManagement'] });
      expect(refused).toMatchObject({ status: 400, body: { error: 'departments: the city has no department cityManagement', fields: ['departments'] } });
      const services = await call(server.url, 'GET', '/open311/v2/services.json', null);
      expect(services.body.find((s: { service_code: string }) => s.service_code === 'waterMainBurst')).toMatchObject({ service_name: '自来水管爆裂', group: '东城区供水公司、西城区供水公司' });
    });

    it('lists the versions for officers, with counts by level', async () => {
      const listed = await call(server.url, 'GET', '/api/city/versions', officer);
      expect(listed.status).toBe(200);
      expect(listed.body.inUse).toBe(1);
      expect(listed.body.versions).toEqual([
        {
          version: 1,
          importedAtMs: expect.any(Number),
          importedBy: expect.stringMatching(/^cli:/),
          source: path.join(files, 'good'),
          counts: { districts: 2, streets: 4, communities: 8, grids: 16, microGrids: 16, workers: 50 },
          warnings: 1,
        },
      ]);
      expect((await call(server.url, 'GET', '/api/city/versions', await login(server.url, 'wall'))).status).toBe(403);
    });

    it("enrols the city's own workers, who sign in with their codes", { timeout: 120_000 }, async () => {
      const sheet = path.join(files, 'enrol.csv');
      const enrolled = await cli('accounts', ['enrol-workers', '--unit', 'ZZ02-S2', '--out', sheet]);
      expect(enrolled.code, enrolled.stderr).toBe(0);
      const lines = readFileSync(sheet, 'utf8').trim().split(/\r?\n/).slice(1);
      expect(lines).toHaveLength(workers.filter((w) => w.gridCode.startsWith('ZZ02-S2-')).length);
      // worker_id,name,role,district,street,community,grid,code,expires_at
      const [username, name, role, district, street, , grid, code] = lines[0]!.split(',');
      const worker = workers.find((w) => w.id === username)!;
      expect({ name, role, district, street, grid }).toEqual({ name: worker.name, role: worker.role, district: 'ZZ02', street: 'ZZ02-S2', grid: worker.gridCode });
      const signedIn = await call(server.url, 'POST', '/api/auth/enrol', null, { username, code });
      expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
      expect(signedIn.body).toMatchObject({ token: expect.any(String), credential: expect.any(String) });

      // On patrol in their own grid: the report lands there, and the assessment and the wall's district figures count it in the city's units.
      const [lng, lat] = middleOf(unit(worker.microGridCode || worker.gridCode));
      const beijingDate = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const from = beijingDate();
      const filed = await call(server.url, 'POST', '/api/events', signedIn.body.token, report({ channel: 'gridPatrol', category: 'garbage', lng, lat, description: '垃圾堆放' }));
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      // From the report's Beijing date to today's: shortly after midnight they differ.
      const period = `from=${from}&to=${beijingDate()}`;
      const grids = await call(server.url, 'GET', `/api/workers/assessment?level=grid&${period}`, officer);
      expect(grids.status).toBe(200);
      expect(grids.body.rows.find((r: { code: string }) => r.code === worker.gridCode)).toMatchObject({ reports: 1 });
      const byWorker = await call(server.url, 'GET', `/api/workers/assessment?level=worker&${period}`, officer);
      expect(byWorker.body.rows.find((r: { code: string }) => r.code === username)).toMatchObject({ reports: 1 });
      const stats = await call(server.url, 'GET', '/api/stats/today', officer);
      expect(Object.keys(stats.body.byDistrict).sort()).toEqual(['ZZ01', 'ZZ02']);
      expect(stats.body.field.byDistrict.ZZ02).toMatchObject({ reports: 1 });
    });
  });

  it('a redrawn city without 西城区: its workers no longer listed and its devices retired, reported', { timeout: 120_000 }, async () => {
    const kept = units.filter((u) => !u.code.startsWith('ZZ02'));
    const dir = writeCityFiles(path.join(files, 'redrawn'), { 'units.geojson': unitsGeoJson(kept), 'workers.csv': workersCsv(workers.filter((w) => w.gridCode.startsWith('ZZ01-'))) });
    const result = await importCity(dir, '--dry-run');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/sensors\.csv file: \(the devices in use, no sensors\.csv given\) 2 lie outside the new units and are retired \(ZZSD-001, ZZCM-001\)/);
    expect(result.stdout).toMatch(/25 workers of the city in use are no longer listed \(ZZ-0025, ZZ-0026, /);
    expect(result.stdout).toMatch(/valid city of 1 districts, 2 streets, 4 communities, 8 grids, 8 micro-grids, 25 workers \(0 new, 25 no longer listed\)/);
  });
});
