import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import { readAllowedHosts } from '../../server/net/outboundTargets.ts';
import type { RunningServer } from '../../server/index.ts';
import { decryptPush, type PushRequest, startPushEndpoint, subscriberKeys, verifiedVapid } from '../support/pushEndpoint.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/**
 * Web Push end to end, without the internet: a push service on loopback takes what the server
 * sends to the phones of a broadcast's targets that have no receipt; the test decrypts each
 * message as a browser would (RFC 8291) and checks its VAPID signature. A phone with its app open
 * is not pushed; a subscription the push service calls gone (410) is removed.
 */
const SUBJECT = 'mailto:duty@zhengzhou.example';
let endpoint: Awaited<ReturnType<typeof startPushEndpoint>>;
let server: RunningServer;
let dataDir: string;
const start = () =>
  startTestServer({
    dataDir,
    databaseFile: path.join(dataDir, 'city-brain.sqlite'),
    push: { endpointHosts: readAllowedHosts('127.0.0.1'), vapidSubject: SUBJECT, afterMs: 300 },
  });

beforeAll(async () => {
  endpoint = await startPushEndpoint();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-push-'));
  server = await start();
});
afterAll(async () => {
  await server?.stop();
  await endpoint?.close();
});

/** The workers of one grid with micro-grids (a 网格长, a 专职网格员 and the micro-grids' workers), and its code. */
function oneGrid(): { workers: [string, string, string]; gridCode: string } {
  const { directory, geo } = server.deps;
  const microWorker = Array.from({ length: directory.size }, (_, i) => i).find((i) => directory.roster.role[i] === 'microGridWorker')!;
  const grid = directory.roster.grid[microWorker]!;
  const mates = Array.from({ length: directory.size }, (_, i) => i).filter((i) => directory.roster.grid[i] === grid);
  return { workers: mates.map((i) => directory.idOf(i)) as [string, string, string], gridCode: geo.grids[grid]!.code };
}

const waitFor = async <T>(what: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('Web Push to phones whose app is closed', () => {
  it('keeps the deployment’s VAPID key across restarts and refuses a push service not listed', async () => {
    const worker = await login(server.url, 'W000001');
    const { body } = await call(server.url, 'GET', '/api/push/vapid-public-key', worker);
    expect(Buffer.from(body.publicKey, 'base64url')).toHaveLength(65);
    await server.stop();
    server = await start();
    expect((await call(server.url, 'GET', '/api/push/vapid-public-key', await login(server.url, 'W000001'))).body.publicKey).toBe(body.publicKey);

    const keys = subscriberKeys();
    const refused = await call(server.url, 'POST', '/api/push/subscriptions', await login(server.url, 'W000001'), { endpoint: 'https://push.example.net/abc', keys: keys.json });
    expect(refused).toMatchObject({ status: 400, body: { fields: ['endpoint'], error: expect.stringContaining('PUSH_ENDPOINT_HOSTS') } });
    expect(await server.deps.stores.push.ofWorker('W000001')).toEqual([]);
  });

  it('pushes a broadcast, encrypted and signed, to the target without a receipt — not to the one whose app is open', async () => {
    const {
      workers: [closed, open],
      gridCode,
    } = oneGrid();
    const closedKeys = subscriberKeys();
    const openKeys = subscriberKeys();
    for (const [worker, keys] of [
      [closed, closedKeys],
      [open, openKeys],
    ] as const) {
      const subscribed = await call(server.url, 'POST', '/api/push/subscriptions', await login(server.url, worker), { endpoint: `${endpoint.url}/push/${worker}`, keys: keys.json });
      expect(subscribed).toMatchObject({ status: 201, body: { endpoint: `${endpoint.url}/push/${worker}` } });
    }
    const phone = await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, open));
    phone.on('broadcast:new', (b: WorkerBroadcast) => phone.emit('broadcast:delivered', b.id));
    const { publicKey } = (await call(server.url, 'GET', '/api/push/vapid-public-key', await login(server.url, closed))).body;
    try {
      const title = '暴雨红色预警：立即巡查';
      const sent = await call(server.url, 'POST', '/api/broadcasts', await login(server.url, 'officer'), {
        content: { title, body: '请立即巡查辖区低洼路段和地下空间', priority: 'flash', requiresConfirmation: true },
        scope: { grids: [gridCode] },
      });
      expect(sent.status).toBe(201);
      const pushed: PushRequest = await waitFor(() => endpoint.received.find((r) => r.path === `/push/${closed}`));
      expect(pushed.headers['content-encoding']).toBe('aes128gcm');
      expect(pushed.headers.urgency).toBe('high');
      expect(Number(pushed.headers.ttl)).toBe(600);
      const vapid = verifiedVapid(String(pushed.headers.authorization));
      expect(vapid.key).toBe(publicKey);
      expect(vapid.claims).toMatchObject({ aud: endpoint.url, sub: SUBJECT });
      expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(JSON.parse(decryptPush(pushed.body, closedKeys))).toEqual({
        type: 'broadcast',
        id: sent.body.id,
        title,
        body: '请立即巡查辖区低洼路段和地下空间',
        priority: 'flash',
        exercise: false,
      });
      // The round is made once: a second look finds it done, and the phone whose app was open is not pushed.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(endpoint.received.filter((r) => r.path === `/push/${closed}`)).toHaveLength(1);
      expect(endpoint.received.filter((r) => r.path === `/push/${open}`)).toHaveLength(0);
      expect(await server.deps.stores.reach.attemptsOf(sent.body.id)).toEqual([
        { worker: closed, channel: 'push', state: 'made', atMs: expect.any(Number), tries: 1, detail: null, openedAtMs: null, confirmedAtMs: null, deliveredAtMs: null },
      ]);
      // The notification opens the app: its receipt comes by the socket, and the console sees it came after the push.
      const woken = await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, closed));
      // Its receipt, as the app sends it for what its inbox brings on connecting.
      woken.emit('broadcast:delivered', sent.body.id);
      try {
        const officer = await login(server.url, 'officer');
        await expect
          .poll(async () => (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/reach`, officer)).body.byDistrict, { timeout: 10_000 })
          .toEqual([expect.objectContaining({ pushed: 1, texted: 0, deliveredAfterPush: 1, deliveredBySms: 0 })]);
      } finally {
        woken.disconnect();
      }
    } finally {
      phone.disconnect();
    }
  });

  it('removes a subscription the push service calls gone (410)', async () => {
    const { workers, gridCode } = oneGrid();
    const gone = workers[2];
    endpoint.answer.set(`/push/${gone}`, 410);
    expect((await call(server.url, 'POST', '/api/push/subscriptions', await login(server.url, gone), { endpoint: `${endpoint.url}/push/${gone}`, keys: subscriberKeys().json })).status).toBe(201);
    const sent = await call(server.url, 'POST', '/api/broadcasts', await login(server.url, 'officer'), {
      content: { title: '通知', body: '例行通知', priority: 'normal', requiresConfirmation: false },
      scope: { grids: [gridCode] },
    });
    await waitFor(() => endpoint.received.find((r) => r.path === `/push/${gone}`));
    await expect.poll(() => server.deps.stores.push.ofWorker(gone)).toEqual([]);
    await expect.poll(async () => (await server.deps.stores.reach.attemptsOf(sent.body.id)).find((a) => a.worker === gone)).toMatchObject({ state: 'failed', detail: 'subscription gone (HTTP 410)' });
  });
});
