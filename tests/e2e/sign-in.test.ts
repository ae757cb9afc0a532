import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  // Access tokens of 3 s: the pages must keep refreshing them to stay signed in.
  server = await startTestServer({ clientDir: path.resolve('dist/client'), accessTokenLifetimeMs: 3000, accountPollMs: 300 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone page that tries to activate itself with a worker's one-time code. */
async function activate(workerId: string, code: string) {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${server.url}/worker`);
  await phone.click('.login-form__switch');
  await phone.fill('input[name=username]', workerId);
  await phone.fill('input[name=code]', code);
  await phone.click('button[type=submit]');
  return phone;
}

describe.skipIf(!available)('signing in on the pages', () => {
  it('activates a phone with the one-time code of its enrolment sheet; the phone stays signed in by itself', async () => {
    const { code } = (await server.deps.trust.accounts.enrolWorkers(['W000200'], 3_600_000))[0]!;
    const phone = await activate('W000200', code);
    await expect.poll(() => phone.textContent('.link-badge'), { timeout: 15_000 }).toBe('实时连接正常');
    expect(await phone.evaluate(() => JSON.parse(localStorage.getItem('cityBrain.session.worker')!).credential)).toMatch(/^cbd_/);
    // Long after its first access token expired, a reload finds it still signed in.
    await phone.waitForTimeout(4000);
    await phone.reload();
    await expect.poll(() => phone.textContent('.link-badge'), { timeout: 15_000 }).toBe('实时连接正常');
    // A used code does not activate another phone.
    const other = await activate('W000200', code);
    await expect.poll(() => other.textContent('[data-testid="login-form"]')).toContain('激活失败');
    await phone.close();
    await other.close();
  });

  it('keeps a wall signed in across expired access tokens and a dropped connection, and signs it out when its account is disabled', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/wall`);
    await expect.poll(() => page.textContent('[data-testid="demo-hint"]')).toContain('wall / wall-demo');
    await signInToWall(page);
    await expect.poll(() => page.textContent('[data-testid="link-status"]'), { timeout: 20_000 }).toBe('实时连接正常');
    await page.waitForTimeout(4000);
    // The server drops every wall's connection (as a restart would): its first token long expired,
    // the wall comes back on a fresh one.
    const walls = server.app.io.of('/wall').sockets;
    const before = [...walls.keys()];
    expect(before).toHaveLength(1);
    server.app.io.of('/wall').disconnectSockets(true);
    await expect.poll(() => [...walls.keys()].some((id) => !before.includes(id)), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="link-status"]'), { timeout: 20_000 }).toBe('实时连接正常');
    await server.deps.trust.accounts.setEnabled('wall', false);
    await expect.poll(() => page.isVisible('[data-testid="login-form"]'), { timeout: 15_000 }).toBe(true);
    await server.deps.trust.accounts.setEnabled('wall', true);
    await page.close();
  });

  it('keeps two tabs of one page signed in on one session: they refresh in turn, never presenting a used refresh token', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const first = await context.newPage();
      await first.goto(`${server.url}/wall`);
      await signInToWall(first);
      await expect.poll(() => first.textContent('[data-testid="link-status"]'), { timeout: 20_000 }).toBe('实时连接正常');
      // The second tab finds the first's session in localStorage.
      const second = await context.newPage();
      await second.goto(`${server.url}/wall`);
      await expect.poll(() => second.textContent('[data-testid="link-status"]'), { timeout: 20_000 }).toBe('实时连接正常');
      const refreshTokenNow = () => first.evaluate(() => JSON.parse(localStorage.getItem('cityBrain.session.wall') ?? 'null')?.refreshToken ?? null);
      const initial = await refreshTokenNow();
      // With 3 s access tokens each tab refreshes every second; a used token presented again would sign the session out.
      await expect
        .poll(
          async () => {
            const now = await refreshTokenNow();
            return now !== null && now !== initial;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      await first.waitForTimeout(5000);
      for (const tab of [first, second]) {
        expect(await tab.isVisible('[data-testid="login-form"]')).toBe(false);
        await expect.poll(() => tab.textContent('[data-testid="link-status"]'), { timeout: 10_000 }).toBe('实时连接正常');
      }
      expect(await refreshTokenNow()).not.toBeNull();
    } finally {
      await context.close();
    }
  });
});
