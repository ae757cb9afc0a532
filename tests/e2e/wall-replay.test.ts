import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplaySnapshot } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/** The wall put back to a past moment by an officer dragging its slider, the banner that says so, and back to live. */
const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client'), wallCadenceMs: 100, simulationClock: true, replay: { keyframeEveryMs: 2000, flushEveryMs: 100 } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('the wall at a past moment (/wall, an officer)', () => {
  it('drags the slider to before a mode switch, shows 回放 and the past, plays on, and returns to live', async () => {
    const officer = await login(server.url, 'officer');
    const integration = await login(server.url, 'integration');
    const domainNow = async () => (await call(server.url, 'GET', '/api/clock', officer)).body.clock.nowMs as number;
    // The city's clock at ×600: a real second is ten minutes.
    expect((await call(server.url, 'POST', '/api/clock', integration, { simulatedNowMs: Date.now(), speed: 600 })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(server.url, 'POST', '/api/events', integration, report())).status).toBe(201);
    const calmFromMs = await domainNow();
    // An hour of the city's time later, the storm: emergency mode.
    await sleep(6000);
    const calmUntilMs = await domainNow();
    expect((await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨红色预警' })).status).toBe(200);
    // Back to real speed, so the slider's last day stands still while it is dragged.
    expect((await call(server.url, 'POST', '/api/clock', integration, { simulatedNowMs: await domainNow(), speed: 1 })).status).toBe(200);
    // The calm hour is in the record (a change is recorded within a second of reaching the walls).
    await expect.poll(async () => ((await call(server.url, 'GET', `/api/wall/snapshot?at=${calmUntilMs}`, officer)).body as ReplaySnapshot).replay?.rebuiltFrom, { timeout: 10_000 }).toBe('keyframe');

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall`);
    await page.fill('input[name=username]', 'officer');
    await page.fill('input[name=password]', 'officer-demo');
    await page.click('button[type=submit]');
    const badge = page.locator('[data-testid="mode-badge"]');
    await expect.poll(() => badge.getAttribute('data-mode'), { timeout: 30_000 }).toBe('emergency');
    const slider = page.locator('[data-testid="replay-slider"]');
    await slider.waitFor();

    // Drag the slider's thumb from now (its right end) to the middle of the calm hour.
    const box = (await slider.boundingBox())!;
    const [min, max] = [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))];
    const targetMs = (calmFromMs + calmUntilMs) / 2;
    const xOf = (ms: number) => box.x + (box.width * (ms - min)) / (max - min);
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(xOf(targetMs), box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();

    const banner = page.locator('[data-testid="replay-banner"]');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('回放');
    const shownAt = async () => Number(await banner.getAttribute('data-at'));
    // Within the calm hour (the slider moves by whole minutes; a pixel is a few of them).
    expect(await shownAt()).toBeGreaterThan(calmFromMs - 10 * 60_000);
    expect(await shownAt()).toBeLessThan(calmUntilMs);
    await expect.poll(() => badge.getAttribute('data-mode'), { timeout: 10_000 }).toBe('routine');
    expect(page.url()).toContain(`at=${await shownAt()}`);
    await page.screenshot({ path: path.resolve('tests/artifacts/wall-replay.png') });

    // Played forward at ×60, the wall's time moves on.
    const from = await shownAt();
    await page.click('[data-testid="replay-speed-60"]');
    await page.click('[data-testid="replay-play"]');
    await expect.poll(shownAt, { timeout: 10_000 }).toBeGreaterThan(from + 60_000);

    // Back to live: no banner, the storm's mode, the address without the moment.
    await page.click('[data-testid="replay-live"]');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => badge.getAttribute('data-mode')).toBe('emergency');
    expect(page.url()).not.toContain('at=');

    // A link to a moment opens the wall at it, for a wall account too (without the controls).
    const wallPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wallPage.goto(`${server.url}/wall?at=${Math.round(targetMs)}`);
    await wallPage.fill('input[name=username]', 'wall');
    await wallPage.fill('input[name=password]', 'wall-demo');
    await wallPage.click('button[type=submit]');
    await wallPage.locator('[data-testid="replay-banner"]').waitFor({ timeout: 30_000 });
    expect(Number(await wallPage.locator('[data-testid="replay-banner"]').getAttribute('data-at'))).toBe(Math.round(targetMs));
    await expect.poll(() => wallPage.locator('[data-testid="mode-badge"]').getAttribute('data-mode'), { timeout: 10_000 }).toBe('routine');
    expect(await wallPage.locator('[data-testid="replay-slider"]').count()).toBe(0);
  }, 120_000);
});
