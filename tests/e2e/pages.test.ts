import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, countMapFrames, framesDrawn, launchChromium, signInToWall } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const ARTIFACTS = path.resolve('tests/artifacts');
const { available } = browserAvailability();

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client') });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Collects page errors and console errors, minus the renderer's own performance notices. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/GPU stall|ReadPixels/.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** Share of pixels bright and blue enough to be drawn boundaries, labels or rivers. */
function drawnShare(png: Buffer): number {
  const image = PNG.sync.read(png);
  let drawn = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (b > 110 && g > 90 && b + g > r * 2 + 120) drawn++;
  }
  return drawn / (image.width * image.height);
}

describe.skipIf(!available)('/wall in Chromium', () => {
  it('draws the real map offline with Chinese labels, and the hierarchy figures from the server', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    await countMapFrames(page);
    const tiles = { count: 0, bytes: 0 };
    page.on('response', async (response) => {
      if (!response.url().includes('/api/map/tiles/') || response.status() !== 200) return;
      tiles.count++;
      // MapLibre fetches tiles from a Web Worker, whose bodies Playwright cannot read; the header says it.
      tiles.bytes += Number(await response.headerValue('content-length'));
    });
    await page.goto(`${server.url}/wall`);
    await signInToWall(page);
    const started = Date.now();
    await page.waitForSelector('[data-map-state="ready"]', { timeout: 90_000 });
    const firstPaintMs = Date.now() - started;

    const districtLabels = await page.evaluate(() => window.__cityMap!.queryRenderedFeatures(undefined, { layers: ['city-district-label'] }).map((f) => f.properties.name as string));
    expect(districtLabels.length).toBeGreaterThanOrEqual(10);
    expect(districtLabels).toEqual(expect.arrayContaining(['登封市', '巩义市', '新密市']));

    await expect.poll(() => page.textContent('[data-figure="grids"] .figure__value')).toBe('19,582');
    expect(await page.textContent('[data-figure="microGrids"] .figure__value')).toBe('47,188');
    expect(await page.textContent('[data-testid="link-status"]')).toBe('实时连接正常');

    const mapShot = await page.locator('.wall-map').screenshot();
    const share = drawnShare(mapShot);
    expect(share).toBeGreaterThan(0.01);

    // The 4K canvas is shown at half size on this 1080p window: both map layers and the charts are drawn at the pixels shown, not at 4K.
    const drawnPerShown = (selector: string) => page.evaluate((s) => [...document.querySelectorAll<HTMLCanvasElement>(s)].map((c) => Math.round((c.width / c.clientWidth) * 100) / 100), selector);
    expect(await drawnPerShown('.city-map canvas')).toEqual([0.5, 0.5]);
    const charts = await drawnPerShown('.panel__chart canvas');
    expect(charts.length).toBeGreaterThan(0);
    expect(new Set(charts)).toEqual(new Set([0.5]));

    // Motion only where something changed: with nothing new, the map is drawn again only when the
    // workers in view are asked for again (every 5 s), not at the pulse clock's 200 ms (15 frames in 3 s).
    const framesBefore = await framesDrawn(page);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await framesDrawn(page)).toBeLessThanOrEqual(framesBefore + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall.png') });
    writeFileSync(path.join(ARTIFACTS, 'wall-timing.json'), `${JSON.stringify({ firstPaintMs, tilesAtFirstPaint: tiles, drawnShare: share, districtLabels }, null, 2)}\n`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows grids when zoomed in on the city centre', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall`);
    await signInToWall(page);
    await page.waitForSelector('[data-map-state="ready"]', { timeout: 90_000 });
    await page.evaluate(() => window.__cityMap!.jumpTo({ center: [113.6606, 34.7545], zoom: 14.5 }));
    await page.waitForFunction(() => window.__cityMap!.loaded() && window.__cityMap!.queryRenderedFeatures(undefined, { layers: ['city-grid-line'] }).length > 0, undefined, {
      timeout: 60_000,
    });
    const exclusive = await page.evaluate(() => window.__cityMap!.queryRenderedFeatures(undefined, { layers: ['city-exclusive-fill'] }).map((f) => f.properties.name as string));
    expect(exclusive).toContain('二七塔商圈专属网格');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-zoomed.png') });
    await page.close();
  });

  it('asks for a login, refuses a wrong password, and is in English with ?lang=en', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/wall?lang=en`);
    await page.fill('input[name=username]', 'wall');
    await page.fill('input[name=password]', 'wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid="login-form"]')).toContain('Sign-in failed');
    await signInToWall(page);
    await expect.poll(() => page.textContent('h1')).toContain('City Brain');
    await context.close();
  });

  it('reloads itself when its node turns to a new city version, and comes back signed in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/wall`);
    await signInToWall(page);
    await expect.poll(() => page.textContent('[data-testid="link-status"]'), { timeout: 15_000 }).toBe('实时连接正常');
    await page.evaluate(() => {
      (window as unknown as { beforeReload: boolean }).beforeReload = true;
    });
    const reloaded = page.waitForEvent('load');
    server.app.io.of('/wall').local.emit('city:changed', { version: 1 });
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBeUndefined();
    await expect.poll(() => page.textContent('[data-testid="link-status"]'), { timeout: 15_000 }).toBe('实时连接正常');
    await page.close();
  });
});

describe.skipIf(!available)('/console and /worker in Chromium', () => {
  it.each([
    ['console', 1600, 900, 'officer', 'officer-demo'],
    ['worker', 390, 844, 'W000001', 'worker-demo'],
  ])('/%s signs in and locates a point in the grid hierarchy over its socket', async (pageName, width, height, username, password) => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/${pageName}`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.link-badge'), { timeout: 15_000 }).toBe('实时连接正常');
    await page.fill('input[name=lng]', '113.772');
    await page.fill('input[name=lat]', '34.7595');
    await page.click('.coordinate-form button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid="grid-name"]'), { timeout: 10_000 }).toContain('郑州东站专属网格');
    await page.fill('input[name=lng]', '116.4');
    await page.fill('input[name=lat]', '39.9');
    await page.click('.coordinate-form button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid="locate-outside"]'), { timeout: 10_000 }).toContain('不在郑州市');
    await page.screenshot({ path: path.join(ARTIFACTS, `${pageName}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
