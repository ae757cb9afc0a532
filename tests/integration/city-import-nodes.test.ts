import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/serverProcess.ts';
import type { WallServerToClient } from '../../common/socketCatalogue.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, stubClientDir } from '../support/server.ts';
import { middleOf, smallCityUnits, smallCityWorkers, unitsGeoJson, workersCsv, writeCityFiles } from '../support/smallCity.ts';
import { within } from '../support/within.ts';

/**
 * A city imported into the PostgreSQL store of two equal running nodes (with Redis): stored once
 * for both, each node tells its pages and reloads itself in place to serve it — no restart — and
 * the events filed before keep the grid path they were filed with.
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

describe.skipIf(!database || !redis)('a city imported beside two running nodes on PostgreSQL and Redis', () => {
  it('is stored once and served by both without a restart; pages are told; earlier events keep their grid paths', { timeout: 240_000 }, async () => {
    const nodes = await Promise.all([node(), node()]);
    try {
      const officer = await login(nodes[0]!.url, 'officer');
      const integration = await login(nodes[1]!.url, 'integration');
      // 中原区, in the generated city, west of where the small city will lie.
      const filed = await call(nodes[1]!.url, 'POST', '/api/events', integration, report({ lng: 113.58, lat: 34.75 }));
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const was = (await call(nodes[0]!.url, 'GET', `/api/events/${filed.body.id}`, officer)).body.event;
      expect(was.districtCode).toMatch(/^4101\d\d$/);
      const walls = await Promise.all(nodes.map(async (n) => connectClient<WallServerToClient>(n.url, 'wall', await login(n.url, 'wall'))));
      const told = walls.map((wall) => new Promise<{ version: number }>((resolve) => wall.once('city:changed', resolve)));

      const units = smallCityUnits();
      const dir = writeCityFiles(path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-import-nodes-')), 'city'), {
        'units.geojson': unitsGeoJson(units),
        'workers.csv': workersCsv(smallCityWorkers(units)),
      });
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database!.url, NODE_ENV: 'test' };
      delete env.DATA_DIR;
      const imported = await run(process.execPath, ['--import', 'tsx', 'server/cli/city.ts', 'import', dir], { env, maxBuffer: 1 << 22 });
      expect(imported.stdout).toMatch(/stored city version 1: 2 districts/);

      // Each node's pages are told, then each node serves the new version on its own URL.
      expect(await Promise.all(told)).toEqual([{ version: 1 }, { version: 1 }]);
      for (const wall of walls) wall.disconnect();
      const servesIt = async (url: string) => {
        try {
          return (await call(url, 'GET', '/api/city/versions', await login(url, 'officer'))).body?.inUse === 1;
        } catch {
          return false;
        }
      };
      const tookMs = await within(60_000, async () => (await Promise.all(nodes.map((n) => servesIt(n.url)))).every(Boolean));
      console.log(`both nodes serve city version 1 ${tookMs} ms after the import stored it`);

      const [lng, lat] = middleOf(units.find((u) => u.code === 'ZZ02-S2-C1-G1-M1')!);
      for (const n of nodes) {
        const token = await login(n.url, 'officer');
        expect((await call(n.url, 'GET', `/api/geo/locate?lng=${lng}&lat=${lat}`, token)).body).toMatchObject({ district: { code: 'ZZ02' }, microGrid: { code: 'ZZ02-S2-C1-G1-M1' } });
        const kept = (await call(n.url, 'GET', `/api/events/${filed.body.id}`, token)).body.event;
        expect({ districtCode: kept.districtCode, streetCode: kept.streetCode, gridCode: kept.gridCode }).toEqual({
          districtCode: was.districtCode,
          streetCode: was.streetCode,
          gridCode: was.gridCode,
        });
      }
      const filedAfter = await call(nodes[1]!.url, 'POST', '/api/events', await login(nodes[1]!.url, 'integration'), report({ lng, lat }));
      expect(filedAfter.body.gridCode).toBe('ZZ02-S2-C1-G1');
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
});
