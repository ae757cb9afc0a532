import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoster } from '../../common/geo/roster.ts';
import { testConfig } from '../../server/config.ts';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { testCity } from '../support/city.ts';
import { startTestServer } from '../support/server.ts';

const { available } = browserAvailability();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ clientDir: path.resolve('dist/client'), wallCadenceMs: 100 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A worker's phone, signed in and live. */
async function openPhone(workerId: string): Promise<Page> {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${server.url}/worker`);
  await phone.fill('input[name=username]', workerId);
  await phone.fill('input[name=password]', 'worker-demo');
  await phone.click('button[type=submit]');
  await expect.poll(() => phone.textContent('.link-badge'), { timeout: 15_000 }).toBe('实时连接正常');
  return phone;
}

/** The city officer's console, signed in, with the composer showing. */
async function openConsole(): Promise<Page> {
  const officer = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await officer.goto(`${server.url}/console`);
  await officer.fill('input[name=username]', 'officer');
  await officer.fill('input[name=password]', 'officer-demo');
  await officer.click('button[type=submit]');
  await officer.waitForSelector('[data-testid="composer"]');
  return officer;
}

/** Sends the composed broadcast under a title and waits for it to take over the phone's screen. */
async function sendAndReceive(officer: Page, phone: Page, title: string): Promise<void> {
  await officer.fill('input[name=title]', title);
  await officer.click('[data-testid="composer"] button[type=submit]');
  await phone.waitForSelector('[data-testid="alert-overlay"]', { timeout: 15_000 });
  expect(await phone.textContent('[data-testid="alert-overlay"]')).toContain(title);
}

describe.skipIf(!available)('a broadcast from the console to a phone, watched on the wall', () => {
  it('is sent from /console, confirmed on /worker, and counted 1/1 on the console and the wall', async () => {
    const geo = testCity();
    const roster = buildRoster(geo, testConfig().citySeed);
    const grid = geo.grids.find((g) => g.kind === 'regular' && g.code.startsWith('410103001'))!;
    const leader = roster.id(Array.from({ length: roster.size }, (_, i) => i).find((i) => roster.grid[i] === grid.index && roster.role[i] === 'gridLeader')!);

    const phone = await openPhone(leader);

    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.url}/wall`);
    await signInToWall(wall);
    await wall.waitForSelector('[data-kpi="total"]', { timeout: 60_000 });

    const officer = await openConsole();
    await officer.uncheck('input[name=city]');
    await officer.fill('input[name=codes]', grid.code);
    await officer.check('input[name=role-gridLeader]');
    await expect.poll(() => officer.textContent('[data-testid="targeted"]'), { timeout: 10_000 }).toBe('1');
    await sendAndReceive(officer, phone, '防汛紧急集结');
    await phone.screenshot({ path: path.resolve('tests/artifacts/worker-alert.png') });
    await phone.click('[data-testid="alert-overlay"] .broadcast__confirm');
    await expect.poll(() => phone.textContent('[data-testid="inbox-item"]'), { timeout: 10_000 }).toContain('已确认');

    await expect.poll(() => officer.textContent('[data-testid="confirmed"]'), { timeout: 10_000 }).toBe('1/1');
    expect(await officer.textContent('[data-testid="delivered"]')).toContain('1/1');
    await officer.screenshot({ path: path.resolve('tests/artifacts/console-broadcast.png') });

    await expect.poll(() => wall.textContent('[data-testid="delivery-gauge"] [data-testid="confirmed"]'), { timeout: 10_000 }).toBe('1/1');
    // The district it went to is filled on the map; the others are not.
    const reached = (code: string) => wall.evaluate((id) => window.__cityMap!.getFeatureState({ source: 'city', sourceLayer: 'districts', id }).reached ?? 0, code);
    await expect.poll(() => reached('410103'), { timeout: 10_000 }).toBe(1);
    expect(await reached('410105')).toBe(0);
    await wall.screenshot({ path: path.resolve('tests/artifacts/wall-broadcast.png') });

    // An update from the console reaches the phone as a new alert.
    await officer.click('text=更新内容');
    await officer.fill('input[name=update-title]', '防汛紧急集结（地点变更）');
    await officer.click('text=发送更新');
    await phone.waitForSelector('[data-testid="alert-overlay"]', { timeout: 15_000 });
    await expect.poll(() => phone.textContent('[data-testid="alert-overlay"]'), { timeout: 10_000 }).toContain('地点变更');
  });

  it('reaches a street chosen in the scope tree, counting what the server counts, and adds a grid clicked on the map', async () => {
    const geo = testCity();
    const roster = buildRoster(geo, testConfig().citySeed);
    const street = geo.streets.find((s) => s.code === '410103001')!;
    const inStreet = (g: number) => geo.communities[geo.grids[g]!.community]!.street === street.index;
    const worker = roster.id(Array.from({ length: roster.size }, (_, i) => i).find((i) => roster.role[i] === 'microGridWorker' && inStreet(roster.grid[i]!))!);
    const token = (
      (await (
        await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer', password: 'officer-demo' }) })
      ).json()) as { token: string }
    ).token;
    const preview = await fetch(`${server.url}/api/broadcasts/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ scope: { streets: [street.code] } }),
    });
    const { targeted } = (await preview.json()) as { targeted: number };
    expect(targeted).toBeGreaterThan(100);

    const phone = await openPhone(worker);
    const officer = await openConsole();
    await officer.uncheck('input[name=city]');
    await officer.click('button[aria-label="展开 二七区"]');
    await officer.check(`input[name=unit-${street.code}]`);
    await expect.poll(() => officer.textContent('[data-testid="scope-chips"]')).toContain('淮河路街道');
    await expect.poll(() => officer.textContent('[data-testid="targeted"]'), { timeout: 10_000 }).toBe(new Intl.NumberFormat('zh-CN').format(targeted));
    // The street covers its communities: opened, they show ticked and cannot be ticked again.
    await officer.click(`button[aria-label="展开 ${street.name}"]`);
    expect(await officer.isDisabled('input[name=unit-410103001001]')).toBe(true);

    // On the map, a click adds the grid under the point, here the 郑州东站 exclusive grid.
    await officer.check('input[name=mapPick]');
    await officer.waitForFunction(() => window.__cityMap?.loaded());
    const at = await officer.evaluate(() => {
      const map = window.__cityMap!;
      map.jumpTo({ center: [113.772, 34.7595], zoom: 15 });
      const point = map.project([113.772, 34.7595]);
      const frame = map.getContainer().getBoundingClientRect();
      return { x: frame.left + point.x, y: frame.top + point.y };
    });
    await officer.mouse.click(at.x, at.y);
    await expect.poll(() => officer.textContent('[data-testid="scope-chips"]'), { timeout: 10_000 }).toContain('郑州东站专属网格');
    await officer.click('button[aria-label="移除 郑州东站专属网格"]');
    await expect.poll(() => officer.textContent('[data-testid="targeted"]'), { timeout: 10_000 }).toBe(new Intl.NumberFormat('zh-CN').format(targeted));

    await sendAndReceive(officer, phone, '淮河路街道防汛集结');
    await officer.screenshot({ path: path.resolve('tests/artifacts/console-scope-tree.png') });

    // By keyboard: the arrow keys open a node, Space ticks it.
    await officer.focus('input[name=unit-410102]');
    await officer.keyboard.press('ArrowRight');
    expect(await officer.getAttribute('button[aria-label="展开 中原区"]', 'aria-expanded')).toBe('true');
    await officer.keyboard.press('Space');
    await expect.poll(() => officer.textContent('[data-testid="scope-chips"]')).toContain('中原区');
  });
});
