import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { WallServerToClient } from '../../common/socketCatalogue.ts';
import { type ServingNode, serveFollowingTheCity } from '../../server/cityReload.ts';
import { testConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { call, connectClient, login } from '../support/server.ts';
import { smallCityUnits, smallCityWorkers, unitsGeoJson, workersCsv, writeCityFiles } from '../support/smallCity.ts';

/**
 * One node on embedded SQLite, as `npm start` and `start:prod` run it: a city imported beside it
 * is served without a restart — once the broadcast in its confirmation window has closed, the
 * node tells its pages, reloads itself in place on the same port, and a later stop stops the
 * node it became.
 */
const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-reload-'));
let node: ServingNode | null = null;
afterAll(async () => node?.stop());

describe('a node following the city in use', () => {
  it('turns to a newly imported city version by itself, on the same URL', { timeout: 120_000 }, async () => {
    const config = testConfig({ dataDir, databaseFile: path.join(dataDir, 'city-brain.sqlite'), clientDir: mkdtempSync(path.join(os.tmpdir(), 'city-brain-no-client-')) });
    node = await serveFollowingTheCity(config, createLogger('silent'));
    const first = node.current();
    const { url } = first;
    expect(first.deps.cityVersion).toBe(0);
    const wall = await connectClient<WallServerToClient>(url, 'wall', await login(url, 'wall'));
    const told = new Promise<{ version: number; atMs: number }>((resolve) => wall.once('city:changed', (change) => resolve({ ...change, atMs: Date.now() })));
    // A broadcast in its confirmation window keeps its targets: the node turns only after it.
    const officer0 = await login(url, 'officer');
    const sent = await call(url, 'POST', '/api/broadcasts', officer0, {
      content: { title: '演练', body: '请确认', priority: 'urgent', requiresConfirmation: true, exercise: true },
      scope: { districts: ['410102'] },
      confirmWithinMs: 15_000,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const { sentAtMs } = (await call(url, 'GET', `/api/broadcasts/${sent.body.id}`, officer0)).body.broadcast as { sentAtMs: number };

    const units = smallCityUnits();
    const dir = writeCityFiles(path.join(dataDir, 'city'), { 'units.geojson': unitsGeoJson(units), 'workers.csv': workersCsv(smallCityWorkers(units)) });
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
    delete env.DATABASE_URL;
    const imported = await run(process.execPath, ['--import', 'tsx', 'server/cli/city.ts', 'import', dir], { env, maxBuffer: 1 << 22 });
    expect(imported.stdout).toMatch(/stored city version 1/);

    const change = await told;
    expect(change.version).toBe(1);
    expect(change.atMs).toBeGreaterThanOrEqual(sentAtMs + 15_000);
    wall.disconnect();
    await expect.poll(() => node!.current().deps.cityVersion, { timeout: 60_000, interval: 100 }).toBe(1);
    const second = node.current();
    expect(second).not.toBe(first);
    expect(second.url).toBe(url);
    const officer = await login(url, 'officer');
    expect((await call(url, 'GET', '/api/city/versions', officer)).body.inUse).toBe(1);
    expect((await call(url, 'GET', '/api/geo/summary', officer)).body).toMatchObject({ districts: 2, workers: 50 });

    await node.stop();
    node = null;
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
