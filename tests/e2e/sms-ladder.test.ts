import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { startSmsGateway } from '../support/smsGatewayFake.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The ladder as people see it: a broadcast to a grid whose phones are all closed is texted after
 * its wait; the SMS link opens in a phone's plain browser, shows the broadcast and confirms it with
 * no sign-in; the officer's console shows, under 送达渠道, who was texted and who confirmed.
 */
const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;

beforeAll(async () => {
  if (!available) return;
  gateway = await startSmsGateway();
  server = await startTestServer({
    clientDir: path.resolve('dist/client'),
    sms: { waits: { flash: 1000, urgent: 60_000, normal: 600_000 }, gateway: { url: gateway.url, key: null }, ratePerS: 50, publicUrl: null },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await gateway?.close();
});

describe.skipIf(!available)('a broadcast down the ladder to phones whose app is closed', () => {
  it('texts them, the link confirms without signing in, and the console shows by which channel', async () => {
    const { directory, geo } = server.deps;
    const grid = geo.grids.find((g) => g.kind === 'regular')!;
    const targets = Array.from({ length: directory.size }, (_, i) => i).filter((i) => directory.roster.grid[i] === grid.index);
    const title = '紧急转移通知';
    const sent = await call(server.url, 'POST', '/api/broadcasts', await login(server.url, 'officer'), {
      content: { title, body: '请立即组织低洼地带群众转移至安置点', priority: 'flash', requiresConfirmation: true },
      scope: { grids: [grid.code] },
    });
    expect(sent.status).toBe(201);
    await expect.poll(() => gateway.received.length, { timeout: 10_000 }).toBe(targets.length);

    // The SMS link in a phone's browser: the broadcast, and a button that confirms it.
    const link = /(\/c\/[A-Za-z0-9_-]+)/.exec(gateway.received[0]!.text)![1]!;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${server.url}${link}`);
    expect(await phone.textContent('body')).toContain('请立即组织低洼地带群众转移至安置点');
    await phone.click('button[type=submit]');
    await expect.poll(() => phone.textContent('body')).toContain('已确认收到');
    await phone.screenshot({ path: path.resolve('tests/artifacts/sms-link.png') });

    // The console: 送达渠道 — every target texted, one link opened and confirmed.
    const officer = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await officer.goto(`${server.url}/console`);
    await officer.fill('input[name=username]', 'officer');
    await officer.fill('input[name=password]', 'officer-demo');
    await officer.click('button[type=submit]');
    await officer.locator('.broadcast-history button', { hasText: title }).click();
    await officer.click('[data-testid="reach-toggle"]');
    await expect.poll(() => officer.textContent('[data-testid="reach-sms"]'), { timeout: 15_000 }).toContain(`已发出 ${targets.length}`);
    expect(await officer.textContent('[data-testid="reach-sms"]')).toContain('已确认 1');
    expect(await officer.locator('[data-testid="reach-attempt"]').count()).toBe(targets.length);
    // Per district: all texted, one reached by the link.
    const district = officer.locator(`[data-testid="reach-districts"] tr[data-district="${directory.homeOf(targets[0]!).district}"] td`);
    expect(await district.allTextContents()).toEqual([geo.districts.find((d) => d.code === directory.homeOf(targets[0]!).district)!.name, '0', '0', String(targets.length), '1']);
    await expect.poll(() => officer.textContent('[data-testid="confirmed"]'), { timeout: 10_000 }).toBe(`1/${targets.length}`);
    await officer.screenshot({ path: path.resolve('tests/artifacts/console-reach.png') });
  });
});
