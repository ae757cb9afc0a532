import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * `POST /api/clock` moves the city's time (event timestamps, SLA clocks, today's figures): it
 * exists only while the server runs the simulated city (SIMULATE, as under `npm start`) or with
 * SIMULATION_CLOCK=1. Otherwise — production included — it answers 404 to every caller, and
 * `GET /api/clock` stays.
 */
const SECRET = 'a-production-secret-of-at-least-32-characters';
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'city-brain-clock-'));

/** A server configured as production is from the environment (demo off, no simulated city), on a throwaway store. */
const production = (env: Record<string, string> = {}) =>
  startTestServer({ ...readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET, DATA_DIR: tempDir(), ...env }), port: 0, databaseFile: ':memory:', logLevel: 'silent', clientDir: tempDir() });

/** An integration's API key on a server without demo accounts. */
async function integrationKey(server: RunningServer): Promise<string> {
  await server.deps.trust.accounts.add('hotline', 'integration', null, null);
  return (await server.deps.trust.accounts.issueApiKey('hotline')).key;
}

const documented = async (url: string) => Object.keys(((await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, object> }).paths['/api/clock'] ?? {}).sort();
const tell = (url: string, token: string | null) => call(url, 'POST', '/api/clock', token, { simulatedNowMs: Date.now() + 3_600_000, speed: 20 });

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe('POST /api/clock', () => {
  it('is off in production and without the simulated city; on with SIMULATE or SIMULATION_CLOCK=1', () => {
    expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET })).toMatchObject({ production: true, simulate: false, simulationClock: false });
    expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET, SIMULATION_CLOCK: '1' })).toMatchObject({ simulate: false, simulationClock: true });
    expect(readConfig({ SIMULATE: '0' })).toMatchObject({ simulate: false, simulationClock: false });
    // `npm start` outside production runs the simulated city, so the simulator's clock is served.
    expect(readConfig({}).simulate).toBe(true);
    expect(() => readConfig({ SIMULATION_CLOCK: 'yes' })).toThrow(/SIMULATION_CLOCK/);
  });

  it('answers 404 in production with the simulated city off, to every caller, and the city’s time stays real; GET stays', async () => {
    const server = await production();
    servers.push(server);
    const key = await integrationKey(server);
    for (const token of [key, null])
      expect(await tell(server.url, token), token ? 'integration' : 'anonymous').toMatchObject({ status: 404, body: { error: expect.stringMatching(/no such endpoint: POST \/api\/clock/) } });
    const read = await call(server.url, 'GET', '/api/clock', key);
    expect(read.status).toBe(200);
    expect(read.body.clock.simulated).toBe(false);
    expect(Math.abs(read.body.clock.nowMs - Date.now())).toBeLessThan(5000);
    // The API description lists what is served.
    expect(await documented(server.url)).toEqual(['get']);
  });

  it('is served in production with SIMULATION_CLOCK=1, to integrations only', async () => {
    const server = await production({ SIMULATION_CLOCK: '1' });
    servers.push(server);
    const key = await integrationKey(server);
    expect((await tell(server.url, null)).status).toBe(401);
    const told = await tell(server.url, key);
    expect(told.status).toBe(200);
    expect(told.body.clock).toMatchObject({ simulated: true, speed: 20 });
    expect(await documented(server.url)).toEqual(['get', 'post']);
  });

  it('is served while the server runs the simulated city (SIMULATE, as `npm start` does)', async () => {
    const server = await startTestServer({ simulate: true });
    servers.push(server);
    const told = await tell(server.url, await login(server.url, 'integration'));
    expect(told.status).toBe(200);
    expect(told.body.clock).toMatchObject({ simulated: true, speed: 20 });
    expect((await tell(server.url, await login(server.url, 'officer'))).status).toBe(403);
  });
});
