import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { startServerProcess } from '../../bench/serverProcess.ts';
import { DUTIES } from '../../server/coordination/duties.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, stubClientDir } from '../support/server.ts';
import { recordDeltas, type WallSocket } from '../support/wall.ts';
import { within } from '../support/within.ts';

/**
 * Equal nodes on PostgreSQL and Redis, each in its own process: any node serves anyone, a
 * broadcast is counted once whichever nodes its phones are on (and however they move or repeat
 * themselves), an event posted on one node reaches a wall on the other within a second, and a
 * node killed with -9 leaves the other carrying on, taking over its duties.
 */
const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
afterAll(async () => {
  await redis?.cleanUp();
  await database?.drop();
});

const authSecret = randomBytes(32).toString('base64url');
const clientDir = stubClientDir();
const node = () =>
  startServerProcess({
    DATABASE_URL: database!.url,
    REDIS_URL: redis!.url,
    REDIS_PREFIX: redis!.prefix,
    AUTH_SECRET: authSecret,
    CLIENT_DIR: clientDir,
    RECEIPT_COMMIT_MS: '50',
    BROADCAST_RESEND_MS: '600000',
  });

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const phone = async (url: string, workerId: string): Promise<Socket> => connectClient(url, 'worker', await login(url, workerId));

/** Every broadcast a phone is sent, by id (a repeat is counted). */
function alerts(socket: Socket): Map<string, number> {
  const seen = new Map<string, number>();
  socket.on('broadcast:new', (b: WorkerBroadcast) => seen.set(b.id, (seen.get(b.id) ?? 0) + 1));
  return seen;
}

const progressOn = async (url: string, token: string, id: string) =>
  (await call(url, 'GET', `/api/broadcasts/${id}`, token)).body.progress as { delivered: number; confirmed: number; targeted: number };

describe.skipIf(!database || !redis)('equal nodes on PostgreSQL and Redis', () => {
  it('counts a broadcast once across nodes, feeds every wall the same events, and carries on when a node is killed', { timeout: 180_000 }, async () => {
    let a = await node();
    const b = await node();
    const sockets: Socket[] = [];
    try {
      // Both nodes ready, each reporting Redis and the leases it holds (the first node took them all).
      const readyA = (await call(a.url, 'GET', '/api/ready', null)).body;
      const readyB = (await call(b.url, 'GET', '/api/ready', null)).body;
      expect(readyA).toMatchObject({ ready: true, store: { kind: 'postgres' }, redis: { ok: true } });
      expect(readyB).toMatchObject({ ready: true, redis: { ok: true } });
      expect(readyA.redis.node).not.toBe(readyB.redis.node);
      expect([...readyA.redis.leases, ...readyB.redis.leases].map((l: { name: string }) => l.name).sort()).toEqual(['alerts', 'feed', 'reach', 'retention', 'sla', 'stragglers', 'webhooks']);
      // Each node's own metrics say which duties it holds.
      const metricsA = await (await fetch(`${a.url}/metrics`)).text();
      const metricsB = await (await fetch(`${b.url}/metrics`)).text();
      const holdsFeed = (text: string) => /citybrain_lease_held\{lease="feed"[^}]*\} 1/.test(text);
      expect([holdsFeed(metricsA), holdsFeed(metricsB)].filter(Boolean)).toHaveLength(1);

      // Wrong passwords are counted across nodes: five on A, and the sixth on B is held (429) unchecked.
      const wrong = (url: string) => call(url, 'POST', '/api/auth/login', null, { username: 'officer.huaihe', password: 'not-the-password' });
      for (let i = 0; i < 5; i++) expect((await wrong(a.url)).status).toBe(401);
      expect((await wrong(b.url)).status).toBe(429);

      const [officerA, officerB] = await Promise.all([login(a.url, 'officer'), login(b.url, 'officer')]);
      // Two phones of one street: one on each node.
      const [onA, onB] = await Promise.all([phone(a.url, 'W006090'), phone(b.url, 'W006091')]);
      sockets.push(onA, onB);
      const [seenA, seenB] = [alerts(onA), alerts(onB)];
      const sent = await call(a.url, 'POST', '/api/broadcasts', officerA, {
        content: { title: '跨节点演练', body: '两个节点，一次计数', priority: 'urgent', requiresConfirmation: true },
        scope: { streets: ['410103001'] },
      });
      expect(sent.status).toBe(201);
      const id: string = sent.body.id;
      await within(5000, async () => seenA.has(id) && seenB.has(id));
      expect(await onA.timeout(5000).emitWithAck('broadcast:delivered', id)).toEqual({ ok: true });
      expect(await onB.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
      // The same figures on both nodes: each receipt counted once.
      await within(5000, async () => (await progressOn(a.url, officerA, id)).delivered === 2 && (await progressOn(b.url, officerB, id)).delivered === 2);
      expect(await progressOn(b.url, officerB, id)).toMatchObject({ delivered: 2, confirmed: 1 });

      // Repeats on the other node change nothing; the phone on A moves to B, is not alerted again, and its inbox says it has it.
      onA.disconnect();
      const moved = await phone(b.url, 'W006090');
      sockets.push(moved);
      const seenMoved = alerts(moved);
      expect(await moved.timeout(5000).emitWithAck('broadcast:delivered', id)).toEqual({ ok: true });
      expect(await moved.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
      expect(await onB.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
      const inbox = (await moved.timeout(5000).emitWithAck('broadcast:inbox')) as { ok: true; items: { id: string; delivered: boolean; confirmed: boolean }[] };
      expect(inbox.items.find((i) => i.id === id)).toMatchObject({ delivered: true, confirmed: true });
      expect(seenMoved.has(id)).toBe(false);
      await within(5000, async () => (await progressOn(a.url, officerA, id)).confirmed === 2);
      expect(await progressOn(a.url, officerA, id)).toMatchObject({ delivered: 2, confirmed: 2 });
      expect(await progressOn(b.url, officerB, id)).toMatchObject({ delivered: 2, confirmed: 2 });

      // An event posted on A reaches a wall on B within a second, in B's sequenced feed.
      const wall = (await connectClient(b.url, 'wall', await login(b.url, 'wall'))) as unknown as WallSocket;
      sockets.push(wall as unknown as Socket);
      const feed = recordDeltas(wall);
      const posted = Date.now();
      const created = await call(a.url, 'POST', '/api/events', officerA, report({ externalId: 'redis-nodes-1' }));
      expect(created.status).toBe(201);
      const { delta, atMs } = await feed.carrying(created.body.id, 3000);
      expect(atMs - posted).toBeLessThan(1000);
      // B knows the event as A stored it, and the same report on B is the same event.
      expect((await call(b.url, 'GET', `/api/events/${created.body.id}`, officerB)).body.event).toMatchObject({ id: created.body.id });
      expect(await call(b.url, 'POST', '/api/events', officerB, report({ externalId: 'redis-nodes-1' }))).toMatchObject({ status: 200, body: { id: created.body.id } });

      // A killed: B takes over every duty within 15 s, goes on taking reports and feeding its wall.
      await killed(a.child);
      const tookOver = await within(15_000, async () => (await call(b.url, 'GET', '/api/ready', null)).body.redis.leases.length === DUTIES.length);
      expect(tookOver).toBeLessThan(15_000);
      const after = await call(b.url, 'POST', '/api/events', officerB, report({ category: 'garbage', lng: 113.66, lat: 34.76 }));
      expect(after.status).toBe(201);
      const later = (await feed.carrying(after.body.id, 3000)).delta;
      expect(later.seq).toBeGreaterThan(delta.seq);

      // A back (a new process): its phones reconnect there, repeat their receipts, and nothing is counted twice.
      a = await node();
      const officerA2 = await login(a.url, 'officer');
      const back = await phone(a.url, 'W006090');
      sockets.push(back);
      const seenBack = alerts(back);
      expect(await back.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
      expect(seenBack.has(id)).toBe(false);
      expect(await progressOn(a.url, officerA2, id)).toMatchObject({ delivered: 2, confirmed: 2 });
      expect(await progressOn(b.url, officerB, id)).toMatchObject({ delivered: 2, confirmed: 2 });
      // The restarted node knows the events committed while it was down (from the store) and after (from B).
      expect((await call(a.url, 'GET', `/api/events/${after.body.id}`, officerA2)).status).toBe(200);
    } finally {
      for (const s of sockets) s.disconnect();
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('npm run start:cluster: every node on this machine is whole', { timeout: 120_000 }, async () => {
    // A deployment of its own: its own database and key prefix.
    const clusterDatabase = (await createTestDatabase())!;
    const cluster = await startServerProcess(
      {
        DATABASE_URL: clusterDatabase.url,
        REDIS_URL: redis!.url,
        REDIS_PREFIX: `${redis!.prefix}cluster:`,
        AUTH_SECRET: authSecret,
        CLIENT_DIR: clientDir,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'city-brain-redis-cluster-')),
      },
      2,
    );
    try {
      const [first, second] = cluster.urls as [string, string];
      const token = await login(second, 'officer');
      // Each node hears of the other at its next heartbeat (every 3 s).
      await within(5000, async () => (await call(second, 'GET', '/api/ready', null)).body.redis.nodesAlive === 2);
      expect((await call(second, 'GET', '/api/ready', null)).body).toMatchObject({ ready: true, redis: { ok: true, nodesAlive: 2 } });
      // Node 1 takes walls and events as node 0 does; what one stores the other serves.
      const wall = await connectClient(second, 'wall', await login(second, 'wall'));
      wall.disconnect();
      const created = await call(second, 'POST', '/api/events', token, report({ externalId: 'redis-cluster-1' }));
      expect(created.status).toBe(201);
      expect((await call(first, 'GET', `/api/events/${created.body.id}`, await login(first, 'officer'))).status).toBe(200);
      expect((await call(second, 'GET', '/api/stats/today', token)).status).toBe(200);
    } finally {
      await cluster.stop();
      await clusterDatabase.drop();
    }
  });
});
