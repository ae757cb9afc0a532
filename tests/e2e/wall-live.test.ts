import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodayStats } from '../../common/domain/stats.ts';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { call, login, startTestServer } from '../support/server.ts';

const { available } = browserAvailability();
const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

let server: RunningServer;
let browser: Browser;
let simulator: ChildProcess | undefined;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client'), wallCadenceMs: 100, simulationClock: true });
  browser = await launchChromium();
});
afterAll(async () => {
  simulator?.kill();
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!available)('the wall while the simulated city runs', () => {
  it('shows the KPI numbers of /api/stats/today, live', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall`);
    await signInToWall(page);
    await page.waitForSelector('[data-kpi="total"]', { timeout: 60_000 });
    const shown = async (kpi: string) => (await page.textContent(`[data-kpi="${kpi}"] .kpi__value`))!.trim();
    const total = async () => Number((await shown('total')).replace(/,/g, ''));

    // Two simulated hours at ×600 from the next Beijing midnight, twelve seconds: ≈ 350 night-time events, all on the
    // wall's today (the server's clock follows the simulator's, so a start at 23:00 would otherwise roll the day over).
    simulator = spawn(
      process.execPath,
      ['--import', 'tsx', 'simulator/index.ts', '--url', server.url, '--speed', '600', '--hours', '2', '--drain-hours', '0', '--events-per-day', '20000', '--no-sensors', '--from-midnight'],
      {
        stdio: 'ignore',
      },
    );

    // Live: the figure climbs while the simulator reports.
    const first = await total();
    await expect.poll(total, { timeout: 30_000 }).toBeGreaterThan(first + 20);

    await new Promise<void>((resolve) => (simulator!.exitCode !== null ? resolve() : simulator!.once('exit', () => resolve())));
    const token = await login(server.url, 'wall');
    const expected = async () => {
      const stats = (await call(server.url, 'GET', '/api/stats/today', token)).body as TodayStats;
      return [
        integer.format(stats.total),
        integer.format(stats.open),
        percent.format(stats.completionRate),
        stats.satisfactionRate === null ? '—' : percent.format(stats.satisfactionRate),
        integer.format(stats.escalatedCount),
      ];
    };
    const onWall = async () => [await shown('total'), await shown('open'), await shown('completionRate'), await shown('satisfactionRate'), await shown('escalated')];
    // Both read on each try: the wall must catch up with the server's figures of the same moment.
    const compared = async () => {
      const [wall, server] = [JSON.stringify(await onWall()), JSON.stringify(await expected())];
      return wall === server ? 'the same' : `wall ${wall}, server ${server}`;
    };
    await expect.poll(compared, { timeout: 10_000 }).toBe('the same');
    expect(await total()).toBeGreaterThan(100);
    await page.screenshot({ path: path.resolve('tests/artifacts/wall-live.png') });
    await page.close();
  });
});
