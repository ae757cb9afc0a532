import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/serverProcess.ts';
import type { EventChange } from '../../common/domain/eventChanges.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { WallServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { eventId } from '../../server/store/eventRepository.ts';
import { PostgresEventRepository } from '../../server/store/postgresEventRepository.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';
import { within } from '../support/within.ts';

/**
 * The change feed (`GET /api/events/changes`) and the lookup by a reporting system's own id
 * (`GET /api/events?externalId=`): a hotline system learns every change with one cursor, in commit
 * order, and finds its ticket; on two equal nodes the feed is one sequence, and a node that
 * committed and never said so is caught up on by the others.
 */
type Page = { changes: EventChange[]; next: number };
const readAll = async (url: string, token: string, after: number, limit = 100): Promise<EventChange[]> => {
  const all: EventChange[] = [];
  for (let cursor = after; ; ) {
    const page = await call(url, 'GET', `/api/events/changes?after=${cursor}&limit=${limit}`, token);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const { changes, next } = page.body as Page;
    all.push(...changes);
    if (next === cursor) return all;
    cursor = next;
  }
};

describe('the change feed on one node', () => {
  let server: RunningServer;
  let integration: string;
  let officer: string;
  beforeAll(async () => {
    server = await startTestServer();
    [integration, officer] = await Promise.all([login(server.url, 'integration'), login(server.url, 'officer')]);
  });
  afterAll(() => server?.stop());

  it('finds a ticket by the hotline’s own number, and gives its every change in order from one cursor', async () => {
    const start = (await call(server.url, 'GET', '/api/events/changes?after=0&limit=1000', integration)).body.next as number;
    const filed = await call(server.url, 'POST', '/api/events', integration, report({ category: 'gasLeak', externalId: 'HT-20261207-0042' }));
    expect(filed.status).toBe(201);
    const found = await call(server.url, 'GET', '/api/events?externalId=HT-20261207-0042', integration);
    expect(found.body.events.map((e: CityEvent) => e.id)).toEqual([filed.body.id]);
    expect((await call(server.url, 'GET', '/api/events?externalId=HT-20261207-004', officer)).body.events).toEqual([]);

    const id = filed.body.id as string;
    for (const to of ['accepted', 'filed', 'dispatched'] as const) expect((await call(server.url, 'POST', `/api/events/${id}/transitions`, officer, { to })).status).toBe(200);
    expect((await call(server.url, 'POST', `/api/events/${id}/whistle`, officer, { departments: ['gas', 'fire'], deadlineAtMs: Date.now() + 1_800_000 })).status).toBe(201);

    const changes = (await readAll(server.url, integration, start, 2)).filter((c) => c.eventId === id);
    expect(changes.map((c) => [c.type, c.event.version, c.event.state])).toEqual([
      ['created', 1, 'reported'],
      ['transitioned', 2, 'accepted'],
      ['transitioned', 3, 'filed'],
      ['transitioned', 4, 'dispatched'],
      ['whistle', 5, 'dispatched'],
    ]);
    expect(changes.map((c) => c.cursor)).toEqual([...changes.map((c) => c.cursor)].sort((a, b) => a - b));
    expect(changes[0]!.event).toMatchObject({ id, externalId: 'HT-20261207-0042', category: 'gasLeak' });
    expect(changes.every((c) => typeof c.atMs === 'number' && c.atMs > 0)).toBe(true);
    // Nothing newer: the cursor stays where it is.
    const last = changes.at(-1)!.cursor;
    expect((await call(server.url, 'GET', `/api/events/changes?after=${last}`, integration)).body).toEqual({ changes: [], next: last });
  });

  it('refuses a cursor that is not one, and answers 410 for one older than what is kept', async () => {
    for (const after of ['-1', 'abc', '1.5', '1e400'])
      expect(await call(server.url, 'GET', `/api/events/changes?after=${after}`, integration)).toMatchObject({ status: 400, body: { fields: ['after'] } });
    expect((await call(server.url, 'GET', '/api/events/changes?after=0&limit=1001', integration)).body.fields).toEqual(['limit']);
    await call(server.url, 'POST', '/api/events', integration, report());
    const deleted = await server.deps.repository.deleteChangesBefore(Date.now() + 86_400_000, 2);
    expect(deleted).toBe(2);
    const horizon = await server.deps.repository.changeHorizon();
    const gone = await call(server.url, 'GET', '/api/events/changes?after=1', integration);
    expect(gone).toMatchObject({ status: 410, body: { fields: ['after'], resumeAfter: horizon, oldest: horizon + 1 } });
    const fromStart = await call(server.url, 'GET', '/api/events/changes?after=0&limit=1', integration);
    expect(fromStart.body.changes[0].cursor).toBe(horizon + 1);
  });
});

const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
afterAll(async () => {
  await redis?.cleanUp();
  await database?.drop();
});

describe.skipIf(!database || !redis)('the change feed across two equal nodes on PostgreSQL and Redis', () => {
  const authSecret = randomBytes(32).toString('base64url');
  const clientDir = stubClientDir();
  const node = () => startServerProcess({ DATABASE_URL: database!.url, REDIS_URL: redis!.url, REDIS_PREFIX: redis!.prefix, AUTH_SECRET: authSecret, CLIENT_DIR: clientDir });

  it('gives 1,000 changes made on both nodes back in order, none missing or twice; a commit never published reaches the walls', { timeout: 240_000 }, async () => {
    const nodes = await Promise.all([node(), node()]);
    try {
      const tokens = await Promise.all(nodes.map((n) => login(n.url, 'integration')));
      const start = (await call(nodes[0]!.url, 'GET', '/api/events/changes?after=0&limit=1000', tokens[0]!)).body.next as number;
      // 250 reports on each node, in batches of 50 at once; then each moved a step on the other node.
      const filed = await Promise.all(
        nodes.map(async (n, i) => {
          const ids: string[] = [];
          for (let batch = 0; batch < 5; batch++) {
            const reports = Array.from({ length: 50 }, (_, k) => report({ category: 'gasLeak', externalId: `feed-${i}-${batch}-${k}`, lng: 113.6 + k * 0.002, lat: 34.7 + batch * 0.01 + i * 0.05 }));
            const answer = await call(n.url, 'POST', '/api/events', tokens[i]!, reports);
            expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(201);
            ids.push(...answer.body.results.map((r: { id: string }) => r.id));
          }
          return ids;
        }),
      );
      await Promise.all(
        filed.map((ids, i) =>
          Promise.all(
            ids.map(async (id) => {
              const other = 1 - i;
              const moved = await call(nodes[other]!.url, 'POST', `/api/events/${id}/transitions`, tokens[other]!, { to: 'accepted' });
              expect(moved.status, JSON.stringify(moved.body)).toBe(200);
            }),
          ),
        ),
      );
      const changes = await readAll(nodes[1]!.url, tokens[1]!, start, 100);
      expect(changes).toHaveLength(1000);
      const cursors = changes.map((c) => c.cursor);
      expect(new Set(cursors).size).toBe(1000);
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      const byEvent = new Map<string, string[]>();
      for (const c of changes) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), `${c.type}:${c.event.version}`]);
      expect(byEvent.size).toBe(500);
      for (const id of filed.flat()) expect(byEvent.get(id), id).toEqual(['created:1', 'transitioned:2']);

      // A node that commits and dies before telling the others: written here straight into the store, never said on the bus.
      const wall = await connectClient<WallServerToClient>(nodes[1]!.url, 'wall', await login(nodes[1]!.url, 'wall'));
      const seen = new Set<string>();
      wall.on('wall:delta', (delta) => {
        for (const dot of delta.events) seen.add(dot.id);
      });
      const pool = new pg.Pool({ connectionString: database!.url, max: 2 });
      const store = new PostgresEventRepository(pool);
      try {
        const template = (await call(nodes[0]!.url, 'GET', `/api/events/${filed[0]![0]}`, tokens[0]!)).body.event as CityEvent;
        const [sequence] = await store.reserveSequences(1);
        const now = Date.now();
        const silent: CityEvent = {
          ...template,
          id: eventId(sequence!),
          externalId: 'never-published',
          state: 'reported',
          dispatch: null,
          dispatchedAtMs: null,
          receivedAtMs: now,
          reportedAtMs: now,
          version: 1,
        };
        await store.write([{ event: silent, isNew: true, transitions: [], change: { type: 'created', atMs: now } }]);
        // The other node's wall shows it within 5 s.
        const tookMs = await within(5000, () => seen.has(silent.id));
        console.info(`a commit never published reached a wall after ${tookMs} ms`);
        expect((await call(nodes[1]!.url, 'GET', `/api/events?externalId=never-published`, tokens[1]!)).body.events.map((e: CityEvent) => e.id)).toEqual([silent.id]);
      } finally {
        wall.disconnect();
        await pool.end();
      }
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
});
