import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The worker app in the field (phone viewport): on duty, the phone shares its position and the
 * day's track records it; a problem reported with a photo lands as the worker's gridPatrol event
 * where the phone is; made without signal, it waits in the outbox and goes out once back, once.
 */
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

describe.skipIf(!available)('the worker app in the field (/worker)', () => {
  it('goes on duty, reports a problem with a photo, and sends a report made offline once back online', async () => {
    const here = { longitude: 113.6532, latitude: 34.7466 };
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.url}/wall`);
    await signInToWall(wall);
    await wall.waitForSelector('[data-testid="field-force"]', { timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['geolocation'], geolocation: here });
    const page = await context.newPage();
    await page.goto(`${server.url}/worker`);
    await page.fill('input[name=username]', 'W000001');
    await page.fill('input[name=password]', 'worker-demo');
    await page.click('button[type=submit]');
    await page.locator('[data-testid="duty-toggle"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.link-badge').getAttribute('class'), { timeout: 15_000 }).toContain('live');

    // 上岗: the first position is shared at once and lands on today's track.
    await page.click('[data-testid="duty-toggle"]');
    await expect.poll(() => page.locator('[data-testid="duty-card"]').getAttribute('data-on-duty')).toBe('true');
    const officer = await login(server.url, 'officer');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await expect.poll(async () => (await call(server.url, 'GET', `/api/workers/W000001/track?date=${today}`, officer)).body.points.length, { timeout: 10_000 }).toBeGreaterThan(0);

    // 上报 with a photo: the phone's position is offered; the problem is across the road, so the
    // worker opens the small map (at the phone's position) and taps 100 px east of the pin (≈ 100 m
    // at zoom 16) — and the event's dot on the wall is apart from the worker's.
    const where = page.locator('[data-testid="report-where"]');
    await expect.poll(() => where.textContent()).toContain('113.6532');
    await page.click('[data-testid="report-pin-toggle"]');
    const pinMap = page.locator('[data-testid="report-pin-map"]');
    await expect.poll(() => pinMap.getAttribute('data-map-state'), { timeout: 30_000 }).toBe('ready');
    const pinBox = (await pinMap.boundingBox())!;
    await page.mouse.click(pinBox.x + pinBox.width / 2 + 100, pinBox.y + pinBox.height / 2);
    await expect.poll(() => where.textContent()).not.toContain('113.6532,');
    const [pinnedLng, pinnedLat] = (await where.textContent())!.split(/[,\s]+/).map(Number);
    const problem = { lng: pinnedLng!, lat: pinnedLat! };
    // 100 px at zoom 16 is 100 × 360 / (512 × 2^16) ≈ 0.00107° of longitude.
    expect(problem.lng - here.longitude).toBeCloseTo(0.00107, 3);
    expect(problem.lat).toBeCloseTo(here.latitude, 4);
    await page.selectOption('[data-testid="report-category"]', 'fireEscapeBlocked');
    await page.fill('[data-testid="report-description"]', '3号楼消防通道堆放杂物');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#775' } })
      .jpeg()
      .toBuffer();
    await page.locator('[data-testid="report-photo"]').setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.click('[data-testid="report-submit"]');
    const sent = page.locator('[data-testid="sent-item"]');
    await sent.first().waitFor({ timeout: 15_000 });
    const id = (await sent.first().getAttribute('data-event-id'))!;
    const { body } = await call(server.url, 'GET', `/api/events/${id}`, officer);
    expect(body.event).toMatchObject({ channel: 'gridPatrol', category: 'fireEscapeBlocked', reportedBy: 'W000001', lng: problem.lng, lat: problem.lat });
    expect(body.attachments).toHaveLength(1);
    await page.screenshot({ path: path.resolve('tests/artifacts/worker-field.png'), fullPage: true });
    // The wall: one worker on duty, one patrol report today.
    const force = wall.locator('[data-testid="field-force"]');
    await expect.poll(() => force.getAttribute('data-on-duty'), { timeout: 10_000 }).toBe('1');
    expect(await force.getAttribute('data-reports')).toBe('1');
    // On the map, zoomed out: the on-duty worker counted in a cell (asked for every 5 s).
    await expect.poll(() => wall.locator('.wall-map').getAttribute('data-workers'), { timeout: 15_000 }).toBe('cells:1');
    // Zoomed in at the worker: a dot.
    await wall.evaluate(([lng, lat]) => window.__cityMap!.jumpTo({ center: [lng!, lat!], zoom: 15 }), [here.longitude, here.latitude]);
    await expect.poll(() => wall.locator('.wall-map').getAttribute('data-workers'), { timeout: 15_000 }).toBe('dots:1');
    // The new event is on the wall as well, among the latest.
    await expect.poll(() => wall.locator(`[data-testid="latest-events"] [data-event-id="${id}"]`).count(), { timeout: 15_000 }).toBe(1);
    // Clicked where the wall draws the dot (the map's centre): who, today's track, and what they reported.
    const mapBox = (await wall.locator('.wall-map').boundingBox())!;
    const detail = wall.locator('[data-testid="worker-detail"]');
    // Clicked again until the dot just received has been drawn (a frame or two).
    await expect
      .poll(
        async () => {
          await wall.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
          return detail.isVisible();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
    expect(await detail.getAttribute('data-worker-id')).toBe('W000001');
    expect(await detail.locator(`li[data-event-id="${id}"]`).count()).toBe(1);
    expect(await detail.locator('[data-testid="worker-track"]').getAttribute('data-points')).not.toBe('0');
    await wall.screenshot({ path: path.resolve('tests/artifacts/wall-workers.png') });

    // Without signal: it waits in the outbox; back online, it goes out — once.
    await context.setOffline(true);
    await page.selectOption('[data-testid="report-category"]', 'garbage');
    await page.fill('[data-testid="report-description"]', '路边垃圾堆积');
    await page.click('[data-testid="report-submit"]');
    await page.locator('[data-testid="outbox-item"][data-state="waiting"]').waitFor({ timeout: 10_000 });
    await context.setOffline(false);
    await expect.poll(() => sent.count(), { timeout: 40_000 }).toBe(2);
    expect(await page.locator('[data-testid="outbox-item"]').count()).toBe(0);
    const events = (await call(server.url, 'GET', '/api/events?limit=50', officer)).body.events as { reportedBy?: string; category: string }[];
    expect(
      events
        .filter((e) => e.reportedBy === 'W000001')
        .map((e) => e.category)
        .sort(),
    ).toEqual(['fireEscapeBlocked', 'garbage']);
    await context.close();
    await wall.close();
  });

  it('a verification task given from the officer’s desk is signed for and completed on the phone; the desk shows it verified', async () => {
    const integration = await login(server.url, 'integration');
    const id: string = (
      await call(server.url, 'POST', '/api/events', integration, { channel: 'hotline12345', category: 'garbage', description: '市民反映小区门口垃圾堆积', location: { lng: 113.6712, lat: 34.7581 } })
    ).body.id;
    const officer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await officer.goto(`${server.url}/console#desk`);
    await officer.fill('input[name=username]', 'officer');
    await officer.fill('input[name=password]', 'officer-demo');
    await officer.click('button[type=submit]');
    await officer.locator('[data-testid="filter-all"]').waitFor({ timeout: 30_000 });
    await officer.click('[data-testid="filter-all"]');
    await officer.click(`[data-testid="desk-row"][data-event-id="${id}"] button`);
    const detail = officer.locator(`[data-testid="event-detail"][data-event-id="${id}"]`);
    await detail.locator('[data-testid="task-worker"]').fill('W000003');
    await detail.locator('[data-testid="act-task-verify"]').click();
    await expect.poll(() => detail.locator('[data-testid="detail-task"]').textContent(), { timeout: 10_000 }).toContain('W000003');

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/worker`);
    await phone.fill('input[name=username]', 'W000003');
    await phone.fill('input[name=password]', 'worker-demo');
    await phone.click('button[type=submit]');
    const task = phone.locator(`[data-testid="task-item"][data-event-id="${id}"]`);
    await task.waitFor({ timeout: 30_000 });
    // Without GPS (this phone gave no permission), the report's place can be typed, decimals and all.
    await phone.fill('input[name=reportLng]', '113.6712');
    await phone.fill('input[name=reportLat]', '34.7581');
    await expect.poll(() => phone.locator('[data-testid="report-where"]').textContent()).toContain('113.6712, 34.7581');
    await task.locator('[data-testid="task-accept"]').click();
    await task.locator('[data-testid="task-report"]').fill('现场核实：垃圾约两立方，已拍照');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#564' } })
      .jpeg()
      .toBuffer();
    await task.locator('[data-testid="task-photo"]').setInputFiles({ name: 'verified.jpg', mimeType: 'image/jpeg', buffer: photo });
    await task.locator('[data-testid="task-confirmed"]').click();
    await expect.poll(() => task.getAttribute('data-done'), { timeout: 10_000 }).toBe('true');

    await expect.poll(() => detail.locator('[data-testid="detail-task"]').getAttribute('data-outcome'), { timeout: 10_000 }).toBe('confirmed');
    expect(await detail.locator('[data-testid="detail-task"]').textContent()).toContain('核查属实');
    const { body } = await call(server.url, 'GET', `/api/events/${id}`, await login(server.url, 'officer'));
    expect(body.attachments).toHaveLength(1);
    expect(body.history.at(-1)).toMatchObject({ actor: 'W000003', note: '核查属实：现场核实：垃圾约两立方，已拍照' });
    await phone.screenshot({ path: path.resolve('tests/artifacts/worker-task.png'), fullPage: true });
    await officer.close();
    await phone.close();
  });
});
