import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { call, login, startTestServer } from '../support/server.ts';

const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;
let simulator: ChildProcess | undefined;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client'), wallCadenceMs: 100, simulationClock: true });
  browser = await launchChromium();
});
afterAll(async () => {
  simulator?.kill('SIGKILL');
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!available)('the wall during a compressed rainstorm', () => {
  it('shows the water columns and alarms, and switches to the emergency layout with the mode', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall`);
    await signInToWall(page);
    await expect.poll(() => page.getAttribute('[data-testid="mode-badge"]', 'data-mode'), { timeout: 30_000 }).toBe('routine');
    expect(await page.getAttribute('[data-testid="wall-layout"]', 'data-emphasis')).toBe('events');
    // Every waterlogging point is drawn as a column once the map is up.
    await expect.poll(async () => Number(await page.getAttribute('.wall-map', 'data-water-columns')), { timeout: 60_000 }).toBeGreaterThanOrEqual(300);

    // A one-hour storm from the start, ×400: the first red point in well under a minute.
    simulator = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'simulator/index.ts',
        '--url',
        server.url,
        '--scenario',
        'rainstorm',
        '--speed',
        '400',
        '--seed',
        '3',
        '--hours',
        '2',
        '--drain-hours',
        '0',
        '--storm-start-hours',
        '0',
        '--storm-hours',
        '1',
        '--events-per-day',
        '2000',
      ],
      { stdio: 'ignore' },
    );

    // The officer's side of it: the simulator switches the city to emergency when a point turns red.
    await expect.poll(() => page.getAttribute('[data-testid="mode-badge"]', 'data-mode'), { timeout: 90_000, interval: 250 }).toBe('emergency');
    await expect.poll(() => page.getAttribute('[data-testid="wall-layout"]', 'data-emphasis'), { timeout: 5_000 }).toBe('water');

    // The water panel leads with the deepest points, red among them; alarms are listed.
    const levels = async () => page.$$eval('[data-testid="water-top"] tr[data-sensor-id]', (rows) => rows.map((r) => r.getAttribute('data-level')));
    await expect.poll(async () => (await levels()).includes('red'), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await page.$$('[data-testid="alarm-list"] tr[data-sensor-id]')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('.wall-map', 'data-alarm-points'))).toBeGreaterThan(0);

    // What the wall shows is what the server holds: the deepest point listed first is the deepest there.
    const token = await login(server.url, 'wall');
    const firstId = await page.getAttribute('[data-testid="water-top"] tr[data-sensor-id]', 'data-sensor-id');
    const first = (await call(server.url, 'GET', `/api/sensors/${firstId}`, token)).body as { level: string; value: number };
    expect(['orange', 'red']).toContain(first.level);
    await page.screenshot({ path: path.resolve('tests/artifacts/wall-rainstorm.png') });
    await page.close();
  });
});
