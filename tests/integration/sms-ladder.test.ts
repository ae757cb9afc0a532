import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/serverProcess.ts';
import type { Broadcast, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { demoPhone } from '../../common/geo/roster.ts';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { createLogger } from '../../server/logger.ts';
import { HttpJsonGateway } from '../../server/sms/smsGateway.ts';
import { SmsLadder } from '../../server/sms/smsLadder.ts';
import { startSmsGateway } from '../support/smsGatewayFake.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';
import { within } from '../support/within.ts';

/**
 * The SMS ladder: a target with no receipt by the app (and no push) after its priority's wait gets
 * one SMS through the gateway, with a link that delivers and confirms without signing in — once.
 * A node killed after claiming and before sending sends it after restart, once; two ladders on one
 * store send each SMS once.
 */
const WAIT_MS = 1500;
const KEY = 'gateway-key-123';
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
let server: RunningServer;
beforeAll(async () => {
  gateway = await startSmsGateway();
  server = await startTestServer({
    sms: { waits: { flash: WAIT_MS, urgent: 60_000, normal: 600_000 }, gateway: { url: gateway.url, key: KEY }, ratePerS: 20, publicUrl: 'https://citybrain.zz.example' },
  });
});
afterAll(async () => {
  await server?.stop();
  await gateway?.close();
});

/** A grid with micro-grids: three or more workers, all targets of a broadcast to it. */
function gridWithMicroGrids(): { indices: number[]; gridCode: string } {
  const { directory, geo } = server.deps;
  const micro = Array.from({ length: directory.size }, (_, i) => i).find((i) => directory.roster.role[i] === 'microGridWorker')!;
  const grid = directory.roster.grid[micro]!;
  return { indices: Array.from({ length: directory.size }, (_, i) => i).filter((i) => directory.roster.grid[i] === grid), gridCode: geo.grids[grid]!.code };
}

const flash = (title: string, gridCode: string) => ({ content: { title, body: '立即撤离地下车库并封闭入口', priority: 'flash', requiresConfirmation: true }, scope: { grids: [gridCode] } });
const linkIn = (text: string) => /https:\/\/citybrain\.zz\.example(\/c\/[A-Za-z0-9_-]+)/.exec(text)![1]!;

describe('the SMS ladder', () => {
  it('texts each unreached target once at the wait; the link delivers and confirms once; the phone with the app open is not texted', async () => {
    const { indices, gridCode } = gridWithMicroGrids();
    const { directory } = server.deps;
    const online = directory.idOf(indices[0]!);
    const phone = await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, online));
    phone.on('broadcast:new', (b: WorkerBroadcast) => phone.emit('broadcast:delivered', b.id));
    const officer = await login(server.url, 'officer');
    try {
      const sentAtMs = Date.now();
      const sent = await call(server.url, 'POST', '/api/broadcasts', officer, flash('地下车库进水', gridCode));
      expect(sent.status).toBe(201);
      const unreached = indices.slice(1).map((i) => demoPhone(i));
      await within(WAIT_MS + 5000, () => gateway.received.length >= unreached.length);
      expect(gateway.received.map((m) => m.to).sort()).toEqual(unreached.sort());
      for (const message of gateway.received) {
        expect(message.authorization).toBe(`Bearer ${KEY}`);
        expect(message.text).toContain('地下车库进水');
        // Never before the wait (how soon after it is bench:reach's figure).
        expect(message.atMs - sentAtMs).toBeGreaterThanOrEqual(WAIT_MS);
      }
      const link = linkIn(gateway.received.find((m) => m.to === demoPhone(indices[1]!))!.text);

      // Opening the link is the SMS's delivery; its button confirms — once.
      const before = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.progress;
      const opened = await fetch(`${server.url}${link}`);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('立即撤离地下车库并封闭入口');
      await expect.poll(async () => (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.progress.delivered).toBe(before.delivered + 1);
      expect((await fetch(`${server.url}${link}`, { method: 'POST' })).status).toBe(200);
      await expect.poll(async () => (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.progress.confirmed).toBe(before.confirmed + 1);
      expect((await fetch(`${server.url}${link}`, { method: 'POST' })).status).toBe(409);
      expect((await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.progress.confirmed).toBe(before.confirmed + 1);

      // A moment more: nobody is texted twice. The console sees what was tried, per worker.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(gateway.received).toHaveLength(unreached.length);
      const reach = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body;
      expect(reach.attempts.map((a: { worker: string }) => a.worker).sort()).toEqual(
        indices
          .slice(1)
          .map((i) => directory.idOf(i))
          .sort(),
      );
      expect(reach.attempts.find((a: { worker: string }) => a.worker === directory.idOf(indices[1]!))).toMatchObject({
        channel: 'sms',
        state: 'made',
        tries: 1,
        openedAtMs: expect.any(Number),
        confirmedAtMs: expect.any(Number),
      });
    } finally {
      phone.disconnect();
    }
  });

  it('retries what the gateway refuses and shows it; a wrong code changes nothing; the link is rate limited', async () => {
    const { indices, gridCode } = gridWithMicroGrids();
    gateway.received.length = 0;
    gateway.answers.push(503);
    const officer = await login(server.url, 'officer');
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, flash('二次送达测试', gridCode));
    await within(WAIT_MS + 5000, async () =>
      (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body.attempts.some((a: { detail: string | null }) => a.detail === 'HTTP 503'),
    );
    // The refused one goes again after its backoff (5 s): every target texted, once each.
    await within(15_000, () => gateway.received.length >= indices.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gateway.received.map((m) => m.to).sort()).toEqual(indices.map((i) => demoPhone(i)).sort());
    const retried = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body.attempts.filter((a: { tries: number }) => a.tries === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ state: 'made', detail: null });

    // Cancelled, the broadcast's links say so and record nothing.
    const someLink = /(\/c\/[A-Za-z0-9_-]+)/.exec(gateway.received[0]!.text)![1]!;
    expect((await call(server.url, 'POST', `/api/broadcasts/${sent.body.id}/cancel`, officer)).status).toBe(200);
    const cancelled = await fetch(`${server.url}${someLink}`);
    expect(cancelled.status).toBe(410);
    expect(await cancelled.text()).toContain('此指令已撤回');
    expect((await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body.byChannel.sms.opened).toBe(0);

    const wrong = await fetch(`${server.url}/c/not-a-real-code-123`, { method: 'POST' });
    expect(wrong.status).toBe(404);
    let limited = 0;
    for (let n = 0; n < 35; n++) if ((await fetch(`${server.url}/c/not-a-real-code-${n}`)).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  }, 30_000);

  it('three ladders on one store — the server’s and two more — send each SMS once', async () => {
    const { indices, gridCode } = gridWithMicroGrids();
    const officer = await login(server.url, 'officer');
    // A normal broadcast: the server's own ladder waits a day before claiming it, but sends whatever is claimed and due.
    const title = '多节点测试';
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, { ...flash(title, gridCode), content: { ...flash(title, gridCode).content, priority: 'normal' } });
    const broadcast = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.broadcast as Broadcast;
    const ladder = () =>
      new SmsLadder({
        store: server.deps.stores.sms,
        gateway: new HttpJsonGateway(gateway.url, KEY),
        directory: server.deps.directory,
        followed: () => [{ broadcast, targets: Int32Array.from(indices) }],
        waits: { flash: 0, urgent: 0, normal: 0 },
        ratePerS: 1000,
        linkOrigin: '',
        clock: Date.now,
        leads: () => true,
        logger: createLogger('silent'),
      });
    const [a, b] = [ladder(), ladder()];
    const texted = () => gateway.received.filter((m) => m.text.includes(title)).map((m) => m.to);
    // Both tick together (beside the server's own) until every SMS is sent, then a few times more.
    await within(
      10_000,
      async () => {
        await Promise.all([a.tick(), b.tick()]);
        return texted().length >= indices.length;
      },
      20,
    );
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([a.tick(), b.tick()]);
    }
    expect(texted().sort()).toEqual(indices.map((i) => demoPhone(i)).sort());
  });
});

describe('the SMS ladder across a kill -9', () => {
  it('sends after a restart the SMS claimed before the kill — once each', { timeout: 120_000 }, async () => {
    const twin = await startSmsGateway();
    const env = {
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'city-brain-sms-')),
      CLIENT_DIR: stubClientDir(),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      SMS_GATEWAY_URL: twin.url,
      BROADCAST_APPROVAL: 'none',
      BROADCAST_LADDER_MS: 'flash:500',
      // One message a minute: claimed at the wait, none sent before the kill.
      SMS_RATE_PER_S: '0.1',
    };
    let node = await startServerProcess(env);
    try {
      const officer = await login(node.url, 'officer');
      const { indices, gridCode } = gridWithMicroGrids();
      const sent = await call(node.url, 'POST', '/api/broadcasts', officer, flash('断电重启测试', gridCode));
      expect(sent.status).toBe(201);
      await within(10_000, async () => (await call(node.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body.attempts.length === indices.length);
      expect(twin.received).toHaveLength(0);
      await new Promise<void>((resolve) => {
        node.child.once('exit', () => resolve());
        node.child.kill('SIGKILL');
      });
      node = await startServerProcess({ ...env, SMS_RATE_PER_S: '100' });
      await within(15_000, () => twin.received.length >= indices.length);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(twin.received.map((m) => m.to).sort()).toEqual(indices.map((i) => demoPhone(i)).sort());
    } finally {
      await node.stop();
      await twin.close();
    }
  });
});
