import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { startServerProcess } from '../../bench/serverProcess.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, stubClientDir } from '../support/server.ts';

/**
 * The server on PostgreSQL (DATABASE_URL), in its own processes: everything survives kill -9,
 * and two nodes on one database see each other's events, never issue the same id, find each
 * other's duplicates and lose a race to each other with 409.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());

const killed = (child: { once: (e: 'exit', f: () => void) => void; kill: (s: NodeJS.Signals) => boolean }) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const node = () => startServerProcess({ DATABASE_URL: database!.url, CLIENT_DIR: stubClientDir(), RECEIPT_COMMIT_MS: '100' });

/** A grid worker's phone, signed in and connected. */
const phone = async (url: string, workerId: string): Promise<Socket> => connectClient(url, 'worker', await login(url, workerId));

describe.skipIf(!database)('a node on PostgreSQL', () => {
  it('keeps events, receipts and the mode across kill -9, and issues new ids after the old ones', { timeout: 120_000 }, async () => {
    const first = await node();
    const officer = await login(first.url, 'officer');
    const ready = await call(first.url, 'GET', '/api/ready', null);
    expect(ready.body).toMatchObject({ ready: true, store: { kind: 'postgres', ok: true } });
    const created = await call(first.url, 'POST', '/api/events', officer, report({ externalId: 'pg-durable-1' }));
    expect(created.status).toBe(201);
    expect((await call(first.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨演练' })).status).toBe(200);
    const socket = await phone(first.url, 'W006090');
    const arrived = new Promise<WorkerBroadcast>((resolve) => socket.once('broadcast:new', resolve));
    const sent = await call(first.url, 'POST', '/api/broadcasts', officer, {
      content: { title: '演练', body: 'PostgreSQL 持久性', priority: 'urgent', requiresConfirmation: true },
      scope: { streets: ['410103001'] },
    });
    const { id } = await arrived;
    expect(await socket.timeout(5000).emitWithAck('broadcast:confirm', id)).toEqual({ ok: true });
    await killed(first.child);
    socket.disconnect();

    const second = await node();
    try {
      const token = await login(second.url, 'officer');
      const event = await call(second.url, 'GET', `/api/events/${created.body.id}`, token);
      expect(event.body.event).toMatchObject({ id: created.body.id, version: 1 });
      expect(event.body.history.length).toBeGreaterThanOrEqual(1);
      const again = await call(second.url, 'POST', '/api/events', token, report({ externalId: 'pg-durable-1' }));
      expect(again).toMatchObject({ status: 200, body: { id: created.body.id } });
      const next = await call(second.url, 'POST', '/api/events', token, report());
      expect(next.body.id > created.body.id).toBe(true);
      expect((await call(second.url, 'GET', '/api/mode', token)).body.mode).toMatchObject({ mode: 'emergency', reason: '暴雨演练' });
      const broadcast = await call(second.url, 'GET', `/api/broadcasts/${sent.body.id}`, token);
      expect(broadcast.body.progress).toMatchObject({ delivered: 1, confirmed: 1 });
    } finally {
      await second.stop();
    }
  });

  it('two nodes on one database: unique ids, one idempotent key, duplicates across nodes, and one winner of a race (409 with the event as it is)', { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([node(), node()]);
    try {
      // The hotline system's account: it reports and moves events along for the departments.
      const [ta, tb] = await Promise.all([login(a.url, 'integration'), login(b.url, 'integration')]);
      // Ids from the store: twenty reports at once on each node, forty distinct ids.
      const many = await Promise.all(
        Array.from({ length: 40 }, (_, i) => call(i % 2 ? a.url : b.url, 'POST', '/api/events', i % 2 ? ta : tb, report({ category: 'garbage', lng: 113.6 + i * 0.003, lat: 34.8 }))),
      );
      expect(many.every((r) => r.status === 201)).toBe(true);
      expect(new Set(many.map((r) => r.body.id)).size).toBe(40);

      // The same hotline record sent to both nodes: one event.
      const keyed = report({ externalId: 'pg-two-nodes-1', lng: 113.7, lat: 34.72 });
      const first = await call(a.url, 'POST', '/api/events', ta, keyed);
      const second = await call(b.url, 'POST', '/api/events', tb, keyed);
      expect(first.status).toBe(201);
      expect(second).toMatchObject({ status: 200, body: { id: first.body.id } });
      // And at the same moment: still one event, one 201.
      const racing = report({ externalId: 'pg-two-nodes-2', lng: 113.71, lat: 34.72 });
      const both = await Promise.all([call(a.url, 'POST', '/api/events', ta, racing), call(b.url, 'POST', '/api/events', tb, racing)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(both[0]!.body.id).toBe(both[1]!.body.id);

      // A report to B about the same place and problem as one on A is its duplicate.
      const original = await call(a.url, 'POST', '/api/events', ta, report({ category: 'manholeCover', lng: 113.58, lat: 34.79 }));
      const repeat = await call(b.url, 'POST', '/api/events', tb, report({ category: 'manholeCover', lng: 113.5801, lat: 34.7901 }));
      expect(repeat.body).toMatchObject({ status: 'duplicate', duplicateOf: original.body.id });

      // A node whose copy is stale loses to the one that changed it, and is told what it is now.
      const target = original.body.id;
      expect((await call(b.url, 'POST', `/api/events/${target}/transitions`, tb, { to: 'signed' })).status).toBe(200);
      const stale = await call(a.url, 'POST', `/api/events/${target}/transitions`, ta, { to: 'returned', note: '不属本部门' });
      expect(stale.status).toBe(409);
      expect(stale.body.event).toMatchObject({ id: target, state: 'signed', version: 2 });
      // Told, it acts on the event as it is now.
      expect((await call(a.url, 'POST', `/api/events/${target}/transitions`, ta, { to: 'handling' })).body.event).toMatchObject({ state: 'handling', version: 3 });

      // Both at once: whatever the interleaving, each success is one version and one step of history.
      const raced = many[0]!.body.id;
      const results = await Promise.all(
        [a, b, a, b].map((n, i) => call(n.url, 'POST', `/api/events/${raced}/transitions`, n === a ? ta : tb, i % 2 ? { to: 'signed' } : { to: 'returned', note: '不属本部门' })),
      );
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const wins = results.filter((r) => r.status === 200).length;
      expect(wins).toBeGreaterThanOrEqual(1);
      // The last success is the version the store holds: one above the first for each success.
      // (These two nodes share no Redis, so neither hears of the other's commits: each node's copy
      // is its own last write or what a lost race read back; the store is the truth.)
      expect(Math.max(...results.filter((r) => r.status === 200).map((r) => r.body.event.version as number))).toBe(1 + wins);
      const store = new pg.Client({ connectionString: database!.url });
      await store.connect();
      expect((await store.query('SELECT version FROM events WHERE id = $1', [raced])).rows[0].version).toBe(1 + wins);
      await store.end();
      const final = await call(b.url, 'GET', `/api/events/${raced}`, tb);
      expect(final.body.history.filter((t: { actor: string }) => t.actor === 'integration')).toHaveLength(wins);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
