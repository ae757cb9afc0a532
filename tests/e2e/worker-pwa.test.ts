import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchPhoneProfile } from '../support/browser.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The field app installs (/worker is a PWA: manifest, icons, a service worker controlling the
 * page), opens with the network off showing the inbox, tasks and person it last had, and sends a
 * report made offline once the network is back.
 */
const { available } = browserAvailability();
let server: RunningServer;
let context: BrowserContext;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client') });
  context = await launchPhoneProfile(mkdtempSync(path.join(os.tmpdir(), 'city-brain-phone-')));
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
});

describe.skipIf(!available)('the field app as an installed app (/worker)', () => {
  it('installs, opens offline with what it last had, and sends an offline report when signal returns', async () => {
    const workerId = 'W000002';
    const index = server.deps.directory.indexOf(workerId);
    const grid = server.deps.geo.grids[server.deps.directory.roster.grid[index]!]!;
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/worker`);
    await page.fill('input[name=username]', workerId);
    await page.fill('input[name=password]', 'worker-demo');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.link-badge').getAttribute('class'), { timeout: 30_000 }).toContain('live');
    // Who am I: the worker's name and grid, from GET /api/workers/me.
    await expect.poll(() => page.locator('[data-testid="who-am-i"]').textContent(), { timeout: 10_000 }).toContain(grid.name);

    // Installable: a valid manifest, and a service worker controlling the page.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string; critical: number }[] };
    expect(manifest.url).toBe(`${server.url}/worker/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const installable = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installable.installabilityErrors).toEqual([]);
    const sw = await fetch(`${server.url}/worker/sw.js`);
    expect(sw.headers.get('service-worker-allowed')).toBe('/worker');
    expect(sw.headers.get('cache-control')).toBe('no-cache');

    // What the phone will have to show offline: a broadcast to the worker's grid, and a task.
    const officer = await login(server.url, 'officer');
    const title = '今晚暴雨：请巡查低洼路段';
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
      content: { title, body: '重点查看下穿通道积水', priority: 'urgent', requiresConfirmation: true },
      scope: { grids: [grid.code] },
    });
    expect(sent.status).toBe(201);
    await page.locator('[data-testid="inbox"] [data-testid="inbox-item"]', { hasText: title }).waitFor({ timeout: 15_000 });
    const integration = await login(server.url, 'integration');
    const event = await call(server.url, 'POST', '/api/events', integration, {
      channel: 'hotline12345',
      category: 'garbage',
      description: '小区门口垃圾堆积',
      location: { lng: 113.6712, lat: 34.7581 },
    });
    expect((await call(server.url, 'POST', `/api/events/${event.body.id}/task`, officer, { worker: workerId, kind: 'verify' })).status).toBe(201);
    await page.locator(`[data-testid="task-item"][data-event-id="${event.body.id}"]`).waitFor({ timeout: 15_000 });

    // The network off, the app opened again: the shell comes from the service worker, with what it had.
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="inbox"] [data-testid="inbox-item"]', { hasText: title }).waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="task-item"][data-event-id="${event.body.id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="who-am-i"]').textContent()).toContain(grid.name);
    await page.locator('[data-testid="offline-since"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.resolve('tests/artifacts/worker-offline.png'), fullPage: true });

    // A report made offline waits in the outbox, and goes out once the network is back.
    await page.selectOption('[data-testid="report-category"]', 'garbage');
    await page.fill('[data-testid="report-description"]', '离线时上报：井盖缺失');
    await page.fill('input[name=reportLng]', '113.6535');
    await page.fill('input[name=reportLat]', '34.7466');
    await page.click('[data-testid="report-submit"]');
    await page.locator('[data-testid="outbox-item"][data-state="waiting"]').waitFor({ timeout: 10_000 });
    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-testid="sent-item"]').count(), { timeout: 40_000 }).toBe(1);
    const mine = (await call(server.url, 'GET', '/api/events?limit=50', officer)).body.events as { reportedBy?: string; description: string }[];
    expect(mine.filter((e) => e.reportedBy === workerId).map((e) => e.description)).toEqual(['离线时上报：井盖缺失']);
  });
});
