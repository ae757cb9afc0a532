import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/serverProcess.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { report } from '../support/reports.ts';
import { call, login, stubClientDir } from '../support/server.ts';
import { middleOf, smallCityUnits, smallCityWorkers, unitsGeoJson, workersCsv, writeCityFiles } from '../support/smallCity.ts';

/**
 * A city imported into the PostgreSQL store of two equal nodes (with Redis): stored once for
 * both, served by each from its next start, and the events filed before keep the grid path they
 * were filed with.
 */
const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
afterAll(async () => {
  await redis?.cleanUp();
  await database?.drop();
});

const run = promisify(execFile);
const authSecret = randomBytes(32).toString('base64url');
const clientDir = stubClientDir();
const node = () => startServerProcess({ DATABASE_URL: database!.url, REDIS_URL: redis!.url, REDIS_PREFIX: redis!.prefix, AUTH_SECRET: authSecret, CLIENT_DIR: clientDir });

describe.skipIf(!database || !redis)('a city imported beside two nodes on PostgreSQL and Redis', () => {
  it('is stored once, served by both nodes from their next start, and earlier events keep their grid paths', { timeout: 240_000 }, async () => {
    const before = await Promise.all([node(), node()]);
    const officer = await login(before[0]!.url, 'officer');
    const integration = await login(before[1]!.url, 'integration');
    // 中原区, in the generated city, west of where the small city will lie.
    const filed = await call(before[1]!.url, 'POST', '/api/events', integration, report({ lng: 113.58, lat: 34.75 }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const was = (await call(before[0]!.url, 'GET', `/api/events/${filed.body.id}`, officer)).body.event;
    expect(was.districtCode).toMatch(/^4101\d\d$/);

    const units = smallCityUnits();
    const dir = writeCityFiles(path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-import-nodes-')), 'city'), {
      'units.geojson': unitsGeoJson(units),
      'workers.csv': workersCsv(smallCityWorkers(units)),
    });
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database!.url, NODE_ENV: 'test' };
    delete env.DATA_DIR;
    const imported = await run(process.execPath, ['--import', 'tsx', 'server/cli/city.ts', 'import', dir], { env, maxBuffer: 1 << 22 });
    expect(imported.stdout).toMatch(/stored city version 1: 2 districts/);
    // Running nodes say which version they serve; both list the one stored.
    for (const n of before) expect((await call(n.url, 'GET', '/api/city/versions', officer)).body).toMatchObject({ inUse: 0, versions: [{ version: 1 }] });
    await Promise.all(before.map((n) => n.stop()));

    const after = await Promise.all([node(), node()]);
    try {
      const [lng, lat] = middleOf(units.find((u) => u.code === 'ZZ02-S2-C1-G1-M1')!);
      for (const n of after) {
        const token = await login(n.url, 'officer');
        expect((await call(n.url, 'GET', '/api/city/versions', token)).body.inUse).toBe(1);
        expect((await call(n.url, 'GET', `/api/geo/locate?lng=${lng}&lat=${lat}`, token)).body).toMatchObject({ district: { code: 'ZZ02' }, microGrid: { code: 'ZZ02-S2-C1-G1-M1' } });
        const kept = (await call(n.url, 'GET', `/api/events/${filed.body.id}`, token)).body.event;
        expect({ districtCode: kept.districtCode, streetCode: kept.streetCode, gridCode: kept.gridCode }).toEqual({
          districtCode: was.districtCode,
          streetCode: was.streetCode,
          gridCode: was.gridCode,
        });
      }
      const filedAfter = await call(after[1]!.url, 'POST', '/api/events', await login(after[1]!.url, 'integration'), report({ lng, lat }));
      expect(filedAfter.body.gridCode).toBe('ZZ02-S2-C1-G1');
    } finally {
      await Promise.all(after.map((n) => n.stop()));
    }
  });
});
