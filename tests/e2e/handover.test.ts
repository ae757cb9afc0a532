import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverBrief } from '../../common/domain/handover.ts';
import { currentShift } from '../../common/domain/handover.ts';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/** 交接班 on the console: the shift under way's brief, its lists, and the page as printed. */
const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!available)('the handover brief (/console#handover)', () => {
  it('shows the shift’s brief as the server makes it, each event still open by id, and prints without its controls', async () => {
    const integration = await login(server.url, 'integration');
    const officer = await login(server.url, 'officer');
    const ids: string[] = [];
    for (const category of ['gasLeak', 'pavementDamage', 'noise'] as const) ids.push((await call(server.url, 'POST', '/api/events', integration, report({ category }))).body.id);
    for (const to of ['signed', 'handling', 'resolved']) expect((await call(server.url, 'POST', `/api/events/${ids[2]}/transitions`, integration, { to })).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨红色预警' })).status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/console#handover`);
    await page.fill('input[name=username]', 'officer');
    await page.fill('input[name=password]', 'officer-demo');
    await page.click('button[type=submit]');
    const summary = page.locator('[data-testid="handover-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    // The brief the page shows is the server's for the shift under way.
    const shift = currentShift(Date.now());
    const { body } = (await call(server.url, 'GET', `/api/handover?from=${shift.fromMs}&to=${Date.now()}`, officer)) as { body: HandoverBrief };
    expect(await summary.locator('p').nth(1).textContent()).toBe(body.summaryZh[1]);
    expect(await summary.textContent()).toContain('切换为应急处置：暴雨红色预警');
    expect(await page.locator(`[data-testid="handover-still-open"] tr[data-id="${ids[0]}"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid="handover-still-open"] tr[data-id="${ids[2]}"]`).count()).toBe(0);
    expect(await page.locator(`[data-testid="handover-opened"] tr[data-id="${ids[2]}"]`).count()).toBe(1);
    await page.screenshot({ path: path.resolve('tests/artifacts/console-handover.png'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-testid="handover-print"]').isVisible()).toBe(false);
    expect(await summary.isVisible()).toBe(true);
  });
});
