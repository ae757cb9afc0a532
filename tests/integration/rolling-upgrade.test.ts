import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { RunningServer } from '../../server/index.ts';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgresMigrations.ts';
import type { Migration } from '../../server/store/schemaRange.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/**
 * A rolling upgrade on one PostgreSQL database: the next release's node migrates the schema one
 * expansion ahead while a node of this release still runs; both stay ready and serve one
 * broadcast together. A later contraction the running release cannot read turns it away, saying
 * why, instead of letting it run on a schema it does not know.
 */
const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  await redis?.cleanUp();
  await database?.drop();
});

/** The next release: one expansion (a column this release ignores). */
const NEXT: readonly Migration[] = [...POSTGRES_MIGRATIONS, { sql: 'ALTER TABLE events ADD COLUMN next_release_note TEXT' }];
/** The release after it: contracts what the next added, readable only by code that knows it. */
const AFTER: readonly Migration[] = [...NEXT, { sql: 'ALTER TABLE events DROP COLUMN next_release_note', oldestReader: NEXT.length + 1 }];

const node = async (postgresMigrations: readonly Migration[]) => {
  const server = await startTestServer({ databaseUrl: database!.url, redis: { url: redis!.url, prefix: redis!.prefix }, postgresMigrations });
  servers.push(server);
  return server;
};
const ready = async (server: RunningServer) => call(server.url, 'GET', '/api/ready', null);

describe.skipIf(!database || !redis)('upgrades without downtime', () => {
  it('a node of this release and one of the next, a schema expansion apart, are both ready and serve one broadcast', { timeout: 120_000 }, async () => {
    const current = await node(POSTGRES_MIGRATIONS);
    expect((await ready(current)).body.store).toMatchObject({ ok: true, schemaVersion: POSTGRES_MIGRATIONS.length });
    const next = await node(NEXT);
    // The store is now at the next release's schema; this release's node reads it still.
    for (const server of [current, next]) {
      const answer = await ready(server);
      expect(answer.status).toBe(200);
      expect(answer.body.store).toMatchObject({ ok: true, schemaVersion: NEXT.length });
    }

    const phones: Socket[] = await Promise.all([connectClient(current.url, 'worker', await login(current.url, 'W006090')), connectClient(next.url, 'worker', await login(next.url, 'W006091'))]);
    try {
      const arrived = phones.map((p) => new Promise<WorkerBroadcast>((resolve) => p.once('broadcast:new', resolve)));
      const officer = await login(next.url, 'officer');
      const sent = await call(next.url, 'POST', '/api/broadcasts', officer, {
        content: { title: '升级演练', body: '新旧两个版本', priority: 'urgent', requiresConfirmation: true },
        scope: { streets: ['410103001'] },
      });
      expect(sent.status).toBe(201);
      for (const [i, b] of (await Promise.all(arrived)).entries()) {
        expect(b.id).toBe(sent.body.id);
        expect(await phones[i]!.timeout(10_000).emitWithAck('broadcast:delivered', b.id)).toEqual({ ok: true });
      }
      const deliveredOn = async (server: RunningServer) => ((await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body.progress as { delivered: number }).delivered;
      for (let waitedMs = 0; (await deliveredOn(current)) !== 2 || (await deliveredOn(next)) !== 2; waitedMs += 100) {
        if (waitedMs > 10_000) throw new Error('the two receipts were not counted on both nodes within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      for (const p of phones) p.disconnect();
    }
  });

  it('a contraction this release cannot read turns its node away, running or starting, and says why', { timeout: 60_000 }, async () => {
    const after = await node(AFTER);
    expect((await ready(after)).status).toBe(200);
    const [current, next] = servers as [RunningServer, RunningServer];
    const refused = await ready(current);
    expect(refused.status).toBe(503);
    expect(refused.body.reasons.join(' ')).toContain(`needs code that knows schema ${AFTER.length}`);
    expect((await ready(next)).status).toBe(503);
    await expect(startTestServer({ databaseUrl: database!.url, postgresMigrations: POSTGRES_MIGRATIONS })).rejects.toThrow(/needs code that knows schema \d+ or newer; this node knows \d+/);
  });
});
