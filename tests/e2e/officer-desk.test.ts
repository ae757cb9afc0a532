import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium, signInToWall } from '../support/browser.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The officer's desk in Chromium: a joint report waits on the desk, the officer accepts, files and
 * dispatches it in one click each; the fire brigade resolves it on /desk with a photo; the wall and
 * the officer's queue show it closed. A whistle naming two departments: one reports in, the board
 * shows the other late.
 */
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

async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

describe.skipIf(!available)('the officer’s desk (/console#desk)', () => {
  it('an officer dispatches from the desk; the department resolves on /desk with a photo; the wall and the queue show it closed', async () => {
    const integration = await login(server.url, 'integration');
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.url}/wall`);
    await signInToWall(wall);
    await wall.waitForSelector('[data-kpi="total"]', { timeout: 60_000 });

    const officer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(officer, `${server.url}/console#desk`, 'officer', 'officer-demo');
    await officer.waitForSelector('[data-testid="desk-shown"]', { timeout: 30_000 });
    const created = await call(server.url, 'POST', '/api/events', integration, {
      ...report({ category: 'fireEscapeBlocked', description: '小区消防通道被私家车堵塞', lng: 113.6606, lat: 34.7545 }),
      reporter: { name: '张先生', phone: '13912345678' },
    });
    const id: string = created.body.id;
    expect(created.body.state).toBe('reported');

    // It arrives on the desk live (waiting on the officer: to accept), without a reload.
    const row = officer.locator(`[data-testid="desk-row"][data-event-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('待受理');
    await row.locator('button').click();
    const detail = officer.locator(`[data-testid="event-detail"][data-event-id="${id}"]`);
    await detail.waitFor();
    await expect.poll(() => detail.locator('[data-testid="detail-reporter"]').textContent()).toContain('13912345678');
    for (const [act, state] of [
      ['accept', 'accepted'],
      ['file', 'filed'],
      ['dispatch', 'dispatched'],
    ] as const) {
      await detail.locator(`[data-testid="act-${act}"]`).click();
      await expect.poll(() => detail.getAttribute('data-state'), { timeout: 10_000 }).toBe(state);
    }
    await officer.screenshot({ path: path.resolve('tests/artifacts/officer-desk.png') });
    const dispatched = (await call(server.url, 'GET', `/api/events/${id}`, integration)).body;
    expect(dispatched.event.dispatch).toMatchObject({ mode: 'joint', departments: ['fire', 'trafficPolice'], lead: 'fire' });
    expect(dispatched.history.slice(1).map((h: { actor: string }) => h.actor)).toEqual(['officer', 'officer', 'officer']);
    // The wall's dispatch status: the fire brigade holds it now.
    await expect.poll(() => wall.locator('[data-testid="dispatch-department"][data-code="fire"]').getAttribute('data-backlog'), { timeout: 15_000 }).toBe('1');

    // The fire brigade's desk: 签收, 处置, 办结 with a photo.
    const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(desk, `${server.url}/desk`, 'dept.fire', 'dept-demo');
    const card = desk.locator(`[data-event-id="${id}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: '签收' }).click();
    await expect.poll(() => card.locator('[data-testid="desk-state"]').textContent()).toBe('签收');
    await card.getByRole('button', { name: '开始处置' }).click();
    await expect.poll(() => card.locator('[data-testid="desk-state"]').textContent()).toBe('处置');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    await card.locator('[data-testid="desk-photo"]').setInputFiles({ name: 'cleared.jpg', mimeType: 'image/jpeg', buffer: photo });
    await card.getByRole('textbox').fill('车辆已挪走，通道畅通');
    await card.getByRole('button', { name: '办结' }).click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });

    // Closed on the officer's queue (under 已办结) with the photo, and on the wall.
    await officer.click('[data-testid="filter-all"]');
    await officer.selectOption('[data-testid="filter-state"]', 'closed');
    await officer.locator(`[data-testid="desk-row"][data-event-id="${id}"][data-state="resolved"]`).waitFor({ timeout: 15_000 });
    await expect.poll(() => detail.getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');
    await detail.locator('[data-testid="detail-photo"]').waitFor({ timeout: 10_000 });
    await wall.locator(`[data-testid="latest-events"] tr[data-event-id="${id}"][data-state="resolved"]`).waitFor({ timeout: 15_000 });
    await expect.poll(() => wall.locator('[data-testid="dispatch-department"][data-code="fire"]').getAttribute('data-backlog'), { timeout: 15_000 }).not.toBe('1');
    await wall.screenshot({ path: path.resolve('tests/artifacts/wall-dispatch.png') });
    for (const page of [wall, officer, desk]) await page.close();
  });

  it('a whistle naming two departments: one reports in, the board shows the other late', async () => {
    const integration = await login(server.url, 'integration');
    const id: string = (await call(server.url, 'POST', '/api/events', integration, report({ category: 'garbage', description: '背街小巷垃圾堆积', lng: 113.7, lat: 34.8 }))).body.id;
    const officer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(officer, `${server.url}/console#desk`, 'officer', 'officer-demo');
    await officer.locator('[data-testid="filter-state"]').waitFor({ timeout: 30_000 });
    await officer.click('[data-testid="filter-all"]');
    await officer.selectOption('[data-testid="filter-state"]', 'open');
    await officer.click(`[data-testid="desk-row"][data-event-id="${id}"] button`);
    const detail = officer.locator(`[data-testid="event-detail"][data-event-id="${id}"]`);
    await detail.waitFor();
    // Summon city management (already ticked: the category's own) and ecology, to report in within 6 seconds.
    await detail.locator('[data-testid="pick-ecology"]').check();
    await detail.locator('input[type=number]').fill('0.1');
    await detail.locator('[data-testid="act-whistle"]').click();
    await detail.locator('[data-testid="whistle-card"]').waitFor({ timeout: 10_000 });

    expect((await call(server.url, 'POST', `/api/events/${id}/whistle/report-in`, await login(server.url, 'dept.cityManagement'))).status).toBe(200);
    await officer.click('[data-testid="tab-whistles"]');
    const board = officer.locator(`[data-testid="whistle-board"] [data-testid="whistle-card"][data-event-id="${id}"]`);
    await expect.poll(() => board.locator('[data-department="cityManagement"]').getAttribute('data-standing'), { timeout: 10_000 }).toBe('reportedIn');
    // Past the deadline, ecology has not reported in: late, on the board, without a reload.
    await expect.poll(() => board.locator('[data-department="ecology"]').getAttribute('data-standing'), { timeout: 15_000, interval: 500 }).toBe('late');
    expect(await board.locator('[data-department="ecology"]').textContent()).toContain('超时未报到');
    await officer.screenshot({ path: path.resolve('tests/artifacts/whistle-board.png') });
    await officer.close();
  });

  it('a 三跨 case opened on the board from a spanning report, a joint meeting recorded, closed: the summary counts it', async () => {
    const integration = await login(server.url, 'integration');
    const id: string = (await call(server.url, 'POST', '/api/events', integration, report({ category: 'unownedRoadMud', spansJurisdictions: true, lng: 113.64, lat: 34.72 }))).body.id;
    const officer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(officer, `${server.url}/console#cases`, 'officer', 'officer-demo');
    await officer.locator('[data-testid="case-title"]').waitFor({ timeout: 30_000 });
    await officer.fill('[data-testid="case-title"]', '无主道路泥泞 跨部门协调');
    await officer.fill('[data-testid="case-events"]', id);
    await officer.click('[data-testid="case-open"]');
    const detail = officer.locator('[data-testid="case-detail"]');
    await detail.waitFor({ timeout: 10_000 });
    await officer.fill('[data-testid="meeting-participants"]', '市住建局、市城管局、市农委');
    await officer.fill('[data-testid="meeting-decisions"]', '住建局牵头，一周内硬化路面');
    await officer.click('[data-testid="meeting-record"]');
    await expect.poll(() => detail.locator('[data-testid="case-meetings"] li').count(), { timeout: 10_000 }).toBe(1);
    await officer.fill('[data-testid="case-resolution"]', '路面已硬化，养护单位明确');
    await officer.click('[data-testid="case-close"]');
    await expect.poll(() => officer.locator('[data-testid="case-detail"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('closed');
    const summary = officer.locator('[data-testid="case-summary"]');
    expect([await summary.getAttribute('data-held'), await summary.getAttribute('data-closed')]).toEqual(['1', '1']);
    await officer.screenshot({ path: path.resolve('tests/artifacts/case-board.png') });
    await officer.close();
  });
});
