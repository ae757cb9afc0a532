import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { call, login, startTestServer } from '../support/server.ts';

/** 演练评估 on the console: an exercise's score card per district and street, ranked, as the server scores it. */
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

describe.skipIf(!available)('a drill scored on the console (/console#drills)', () => {
  it('shows the exercise’s units ranked with their shares and times, and who never confirmed', async () => {
    const { geo, directory, broadcastRepository } = server.deps;
    const streets = [geo.streets[0]!, geo.streets.find((s) => s.district !== geo.streets[0]!.district)!];
    const officer = await login(server.url, 'officer');
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
      content: { title: '夜间防汛演练', body: '请确认收到', priority: 'urgent', requiresConfirmation: true, exercise: true },
      scope: { streets: streets.map((s) => s.code) },
    });
    const { broadcast } = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body;
    // The first street's workers all answer within 3 s; the second's half of them, at 12 s.
    const rows = [...directory.targets(broadcast.scope)].flatMap((index, k) => {
      const inFirst = directory.homeOf(index).street === streets[0]!.code;
      if (!inFirst && k % 2 === 0) return [];
      const at = broadcast.sentAtMs + (inFirst ? 3000 : 12_000);
      return [{ broadcastId: broadcast.id, worker: directory.idOf(index), deliveredAtMs: at, confirmedAtMs: inFirst ? at + 1000 : null }];
    });
    await broadcastRepository.writeDeliveries(rows);
    const scored = (await call(server.url, 'GET', `/api/drills/${broadcast.id}`, officer)).body;

    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}/console#drills`);
    await page.fill('input[name=username]', 'officer');
    await page.fill('input[name=password]', 'officer-demo');
    await page.click('button[type=submit]');
    await page.locator('[data-testid="drill-pick"]', { hasText: '夜间防汛演练' }).click();
    const table = page.locator('[data-testid="drill-scores"] tbody tr');
    await expect.poll(() => table.count(), { timeout: 15_000 }).toBe(scored.districts.length);
    // Ranked: the district whose street answered in full within 10 s first.
    expect(await table.first().getAttribute('data-code')).toBe(geo.districts[streets[0]!.district]!.code);
    expect(await table.first().locator('td').last().textContent()).toBe('100%');
    expect(await table.nth(1).locator('td').last().textContent()).toBe('0%');
    await page.click('text=街道');
    await expect.poll(() => table.count()).toBe(scored.streets.length);
    expect(await page.textContent('[data-testid="drill-never-confirmed-title"]')).toContain(String(scored.neverConfirmedTotal));
    await page.screenshot({ path: path.resolve('tests/artifacts/console-drills.png'), fullPage: true });
  });
});
