import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { browserAvailability, launchChromium } from '../support/browser.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

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

describe.skipIf(!available)('the department desk (/desk)', () => {
  it('a department signs in, takes an event dispatched to it through 签收 and 处置, and resolves it with a photo', async () => {
    const integration = await login(server.url, 'integration');
    const created = await call(server.url, 'POST', '/api/events', integration, report({ category: 'waterMainBurst', description: '金水路供水管道爆裂，路面积水' }));
    const id: string = created.body.id;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/desk`);
    await page.fill('input[name=username]', 'dept.waterSupply');
    await page.fill('input[name=password]', 'dept-demo');
    await page.click('button[type=submit]');
    const card = page.locator(`[data-event-id="${id}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('金水路供水管道爆裂');
    await card.getByRole('button', { name: '签收' }).click();
    await expect.poll(() => card.locator('[data-testid="desk-state"]').textContent()).toBe('签收');
    await card.getByRole('button', { name: '开始处置' }).click();
    await expect.poll(() => card.locator('[data-testid="desk-state"]').textContent()).toBe('处置');
    await page.screenshot({ path: path.resolve('tests/artifacts/desk.png') });

    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a8' } })
      .jpeg()
      .toBuffer();
    await card.locator('[data-testid="desk-photo"]').setInputFiles({ name: 'repaired.jpg', mimeType: 'image/jpeg', buffer: photo });
    await card.getByRole('textbox').fill('管道已抢修完毕，恢复供水');
    await card.getByRole('button', { name: '办结' }).click();
    // Resolved, it leaves the desk; the event is closed, with the photo and who did each step.
    await card.waitFor({ state: 'detached', timeout: 15_000 });
    const officer = await login(server.url, 'officer');
    const { body } = await call(server.url, 'GET', `/api/events/${id}`, officer);
    expect(body.event.state).toBe('resolved');
    expect(body.attachments).toHaveLength(1);
    expect(body.history.slice(-3).map((h: { actor: string; to: string; note: string | null }) => [h.actor, h.to])).toEqual([
      ['dept.waterSupply', 'signed'],
      ['dept.waterSupply', 'handling'],
      ['dept.waterSupply', 'resolved'],
    ]);
    expect(body.history.at(-1).note).toBe('管道已抢修完毕，恢复供水');
    await page.close();
  });
});
