import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';
import { nextDelta, type WallSocket } from '../support/wall.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ shedEventLoopLagMs: 60, wallCadenceMs: 100 });
});
afterAll(() => server?.stop());

/** Keeps the (shared) event loop ~150 ms late, as a server past capacity is: busy turns with short gaps. */
function overload(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 150;
    while (Date.now() < until);
  }, 20);
  return () => clearInterval(timer);
}

it('past capacity, intake answers 429 with Retry-After at once, the walls keep their cadence and say the figures may be late; then it recovers', async () => {
  const token = await login(server.url, 'integration');
  const wall = (await connectClient(server.url, 'wall', await login(server.url, 'wall'))) as unknown as WallSocket;
  expect((await call(server.url, 'POST', '/api/events', token, report())).status).toBe(201);
  const calm = await nextDelta(wall, () => true);
  expect(calm.load.shedding).toBe(false);

  const stop = overload();
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const shed = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(report()) });
    expect(shed.status).toBe(429);
    expect(shed.headers.get('retry-after')).toBe('1');
    const busy = await nextDelta(wall, (d) => d.load.shedding, 10_000);
    expect(busy.load.lagMs).toBeGreaterThan(60);
  } finally {
    stop();
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect((await call(server.url, 'POST', '/api/events', token, report())).status).toBe(201);
  expect((await nextDelta(wall, (d) => !d.load.shedding, 10_000)).load.shedding).toBe(false);
  wall.disconnect();
});

const database = await createTestDatabase();
afterAll(() => database?.drop());

describe.skipIf(!database)('a slow store', () => {
  it('with PostgreSQL holding event writes, intake answers 429 naming the store (not the event loop), the walls say so, and the write that waited is kept', { timeout: 60_000 }, async () => {
    const slow = await startTestServer({ databaseUrl: database!.url, shedStoreWaitMs: 300, wallCadenceMs: 100 });
    const admin = new pg.Client({ connectionString: database!.url });
    await admin.connect();
    const wall = (await connectClient(slow.url, 'wall', await login(slow.url, 'wall'))) as unknown as WallSocket;
    try {
      const token = await login(slow.url, 'integration');
      expect((await call(slow.url, 'POST', '/api/events', token, report())).status).toBe(201);
      // Another session holds the events table: reads go on, every insert waits — a store past its capacity.
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE events IN SHARE MODE');
      const waiting = call(slow.url, 'POST', '/api/events', token, report({ externalId: 'held-by-the-store' }));
      await nextDelta(wall, (d) => d.load.shedding, 10_000);
      const shed = await fetch(`${slow.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(report()) });
      expect(shed.status).toBe(429);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(((await shed.json()) as { error: string }).error).toMatch(/waiting \d+ ms for the store/);

      await admin.query('COMMIT');
      const kept = await waiting;
      expect(kept.status).toBe(201);
      expect((await nextDelta(wall, (d) => !d.load.shedding, 10_000)).load.shedding).toBe(false);
      expect((await call(slow.url, 'POST', '/api/events', token, report())).status).toBe(201);
      expect((await call(slow.url, 'GET', `/api/events/${kept.body.id}`, token)).body.event).toMatchObject({ id: kept.body.id, externalId: 'held-by-the-store' });
    } finally {
      wall.disconnect();
      await admin.end();
      await slow.stop();
    }
  });
});
