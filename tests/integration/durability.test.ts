import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { startServerProcess } from '../../bench/serverProcess.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';

const killed = (child: { once: (e: 'exit', f: () => void) => void; kill: (s: NodeJS.Signals) => boolean }, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/** A fresh data directory and the server of `npm start` on it, in its own process. */
async function serverOnDisk() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-durable-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, CLIENT_DIR: stubClientDir(), RECEIPT_COMMIT_MS: '100' });
  return { dataDir, server };
}

/** The same data directory, reopened in this process after the first server died. */
const reopen = (dataDir: string) => startTestServer({ dataDir, databaseFile: path.join(dataDir, 'city-brain.sqlite') });

/** Workers of 淮河路街道 (410103001), by roster id. */
const STREET_WORKERS = Array.from({ length: 30 }, (_, i) => `W${String(6090 + i).padStart(6, '0')}`);

/** A grid worker's phone, signed in and connected. */
const phone = async (url: string, workerId: string): Promise<Socket> => connectClient(url, 'worker', await login(url, workerId));

describe('nothing acknowledged is lost', () => {
  it('a receipt and a confirmation acknowledged to a phone survive kill -9 the moment after', async () => {
    const { dataDir, server } = await serverOnDisk();
    const socket = await phone(server.url, 'W006090');
    const arrived = new Promise<WorkerBroadcast>((resolve) => socket.once('broadcast:new', resolve));
    const sent = await call(server.url, 'POST', '/api/broadcasts', await login(server.url, 'officer'), {
      content: { title: '演练', body: '持久性测试', priority: 'urgent', requiresConfirmation: true },
      scope: { streets: ['410103001'] },
    });
    const { id } = await arrived;
    expect(await socket.timeout(5000).emitWithAck('broadcast:delivered', id)).toEqual({ ok: true });
    expect(await socket.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
    await killed(server.child, 'SIGKILL');
    socket.disconnect();
    const again = await reopen(dataDir);
    try {
      const { body } = await call(again.url, 'GET', `/api/broadcasts/${sent.body.id}`, await login(again.url, 'officer'));
      expect(body.progress).toMatchObject({ delivered: 1, confirmed: 1 });
    } finally {
      await again.stop();
    }
  });

  it('SIGTERM mid-broadcast: every receipt a phone was told is safe is there after the restart', async () => {
    const { dataDir, server } = await serverOnDisk();
    const phones = await Promise.all(STREET_WORKERS.map((w) => phone(server.url, w)));
    const acknowledged: string[] = [];
    for (const [i, socket] of phones.entries())
      socket.once('broadcast:new', (b: WorkerBroadcast) => {
        socket.emit('broadcast:confirm', b.id, (ack: { ok: boolean }) => ack.ok && acknowledged.push(STREET_WORKERS[i]!));
      });
    const sent = await call(server.url, 'POST', '/api/broadcasts', await login(server.url, 'officer'), {
      content: { title: '演练', body: '停机测试', priority: 'urgent', requiresConfirmation: true },
      scope: { streets: ['410103001'] },
    });
    // Stop while the confirmations are still arriving.
    await new Promise((r) => setTimeout(r, 30));
    await killed(server.child, 'SIGTERM');
    for (const socket of phones) socket.disconnect();
    const again = await reopen(dataDir);
    try {
      const { body } = await call(again.url, 'GET', `/api/broadcasts/${sent.body.id}`, await login(again.url, 'officer'));
      expect(body.progress.confirmed).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await again.stop();
    }
  });

  it('every event answered 2xx under intake load is there after kill -9', async () => {
    const { dataDir, server } = await serverOnDisk();
    const token = await login(server.url, 'integration');
    const answered: string[] = [];
    const posts = Array.from({ length: 40 }, (_, i) =>
      call(
        server.url,
        'POST',
        '/api/events',
        token,
        Array.from({ length: 50 }, (_, j) => report({ externalId: `load-${i}-${j}`, lat: 34.7 + (j % 10) * 0.01 })),
      )
        .then((res) => res.status === 201 && answered.push(...res.body.results.map((r: { id: string }) => r.id)))
        .catch(() => {}),
    );
    await new Promise((r) => setTimeout(r, 150));
    await killed(server.child, 'SIGKILL');
    await Promise.all(posts);
    const again = await reopen(dataDir);
    try {
      const reader = await login(again.url, 'integration');
      for (const id of answered) expect((await call(again.url, 'GET', `/api/events/${id}`, reader)).status, id).toBe(200);
    } finally {
      await again.stop();
    }
  });
});

describe('idempotent intake under concurrency', () => {
  it('the same channel and external id sent at once is one event: one 201, every other 200 with it; other clients unharmed', async () => {
    const server = await startTestServer();
    try {
      const token = await login(server.url, 'integration');
      const retry = report({ externalId: 'hotline-20260720-0001' });
      const [retries, others] = await Promise.all([
        Promise.all(Array.from({ length: 12 }, () => call(server.url, 'POST', '/api/events', token, retry))),
        Promise.all(Array.from({ length: 12 }, (_, i) => call(server.url, 'POST', '/api/events', token, report({ externalId: `other-${i}`, lat: 34.6 + i * 0.01 })))),
      ]);
      expect(retries.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(retries.map((r) => r.body.id)).size).toBe(1);
      expect(others.every((r) => r.status === 201)).toBe(true);
      // Twice within one batch, and again beside it: still the one event.
      const batch = await call(server.url, 'POST', '/api/events', token, [retry, retry, report({ externalId: 'other-new' })]);
      expect(batch.body.results.map((r: { id: string; status: string }) => r.status)).toEqual(['existing', 'existing', 'created']);
      expect(batch.body.results[0].id).toBe(retries[0]!.body.id);
      expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
