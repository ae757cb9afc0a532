import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

/**
 * The second pair of eyes in the browser: one officer drafts a city-wide flash broadcast on the
 * console; it waits; a second officer approves it on theirs, and it reaches a phone.
 */
const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client'), wallCadenceMs: 100, broadcastApproval: new Set(['city', 'flash']) });
  await server.deps.trust.accounts.add('officer.second', 'officer', null, 'second-officer-pass');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openConsole(username: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${server.url}/console`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="composer"]');
  return page;
}

describe.skipIf(!available)('a city-wide broadcast approved by a second officer', () => {
  it('is drafted on one console, approved on another, and reaches a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${server.url}/worker`);
    await phone.fill('input[name=username]', 'W006090');
    await phone.fill('input[name=password]', 'worker-demo');
    await phone.click('button[type=submit]');
    await expect.poll(() => phone.textContent('.link-badge'), { timeout: 15_000 }).toBe('实时连接正常');

    const drafter = await openConsole('officer', 'officer-demo');
    // The whole city, flash: the composer's defaults.
    await expect.poll(async () => Number((await drafter.textContent('[data-testid="targeted"]'))?.replace(/\D/g, '') || 0), { timeout: 15_000 }).toBeGreaterThan(1000);
    await drafter.fill('input[name=title]', '全市暴雨红色预警（审核）');
    await drafter.click('[data-testid="composer"] button[type=submit]');
    await drafter.waitForSelector('[data-testid="awaiting-approval"]', { timeout: 10_000 });
    expect(await drafter.textContent('[data-testid="awaiting-approval"]')).toContain('等待另一位值班员批准');
    // Nothing reached the phone yet.
    expect(await phone.$('[data-testid="alert-overlay"]')).toBeNull();
    // The drafter may only withdraw it.
    await drafter.waitForSelector('[data-testid="drafts"] button[name=withdraw]', { timeout: 10_000 });

    const approver = await openConsole('officer.second', 'second-officer-pass');
    await approver.waitForSelector('[data-testid="drafts"] button[name=approve]', { timeout: 10_000 });
    expect(await approver.textContent('[data-testid="drafts"]')).toContain('全市暴雨红色预警（审核）');
    await approver.click('[data-testid="drafts"] button[name=approve]');

    await phone.waitForSelector('[data-testid="alert-overlay"]', { timeout: 15_000 });
    expect(await phone.textContent('[data-testid="alert-overlay"]')).toContain('全市暴雨红色预警（审核）');
    // The history says who approved it.
    await expect.poll(() => approver.textContent('.broadcast-history'), { timeout: 10_000 }).toContain('审核 officer.second');
  });
});
