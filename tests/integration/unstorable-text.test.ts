import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/serverProcess.ts';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';

/**
 * Text PostgreSQL cannot keep (NUL, an unpaired surrogate) once stopped a node: the write failed
 * and the process exited. Now it is refused at the door on every store, named, and a write the
 * store refuses for its data (past the door) fails that request alone.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());

const UNSTORABLE = { nul: 'a\u0000b', loneHigh: '暴雨\ud800', loneLow: '\udc00积水' };

describe.skipIf(!database)('text no store can keep, on a real server process on PostgreSQL', () => {
  let node: Awaited<ReturnType<typeof startServerProcess>>;
  let integration: string;
  let officer: string;
  beforeAll(async () => {
    node = await startServerProcess({ DATABASE_URL: database!.url, CLIENT_DIR: stubClientDir() });
    integration = await login(node.url, 'integration');
    officer = await login(node.url, 'officer');
  }, 120_000);
  afterAll(() => node?.stop());

  it.each(Object.entries(UNSTORABLE))('refuses %s in a report’s named and unnamed fields with 400 naming the field, and goes on', async (_kind, text) => {
    const described = await call(node.url, 'POST', '/api/events', integration, report({ description: `井盖缺失${text}` }));
    expect(described.status).toBe(400);
    expect(described.body.error).toMatch(/^description: must not contain NUL characters or unpaired surrogates/);
    const reporter = await call(node.url, 'POST', '/api/events', integration, { ...report(), reporter: { name: text } });
    expect(reporter).toMatchObject({ status: 400, body: { fields: ['reporter.name'] } });
    // A field no schema names (Open311's extension attributes, a future field) is refused at the door too.
    const unnamed = await call(node.url, 'POST', '/api/events', integration, { ...report(), extra: { note: text } });
    expect(unnamed).toMatchObject({ status: 400, body: { fields: ['extra.note'] } });
    const reason = await call(node.url, 'POST', '/api/mode', officer, { mode: 'normal', reason: text });
    expect(reason).toMatchObject({ status: 400, body: { fields: ['reason'] } });
    expect(node.child.exitCode).toBeNull();
    expect((await call(node.url, 'POST', '/api/events', integration, report())).status).toBe(201);
  });

  it('refuses NUL in a path or a query, and an unpaired surrogate on a socket, with nothing written', async () => {
    expect((await call(node.url, 'GET', '/api/events/EV%00', integration)).status).toBe(400);
    expect(await call(node.url, 'GET', '/api/events?externalId=x%00', integration)).toMatchObject({ status: 400, body: { fields: ['externalId'] } });
    const phone: Socket = await connectClient(node.url, 'worker', await login(node.url, 'W000001'));
    try {
      const ack = await phone.timeout(5000).emitWithAck('broadcast:delivered', `BC${UNSTORABLE.loneHigh}`);
      expect(ack).toEqual({ ok: false, error: expect.stringMatching(/^broadcast:delivered: .*unpaired surrogates/) });
    } finally {
      phone.disconnect();
    }
    expect((await fetch(`${node.url}/api/health`)).ok).toBe(true);
    expect(node.child.exitCode).toBeNull();
  });
});

describe.skipIf(!database)('a write PostgreSQL refuses for its data, past the door', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: database!.url, clientDir: stubClientDir() });
  }, 120_000);
  afterAll(() => server?.stop());

  it('fails that report alone: the others of its group are committed, and the server goes on', async () => {
    // The service's own door is bypassed on purpose: this is what a field no schema caught would do.
    const bad = { ...report(), description: 'a\u0000b', mediaUrls: [], reporter: {}, spansJurisdictions: false };
    const good = { ...report({ externalId: 'past-the-door-good' }), mediaUrls: [], reporter: {}, spansJurisdictions: false };
    const [refused, stored] = await Promise.allSettled([server.deps.events.report([bad]), server.deps.events.report([good])]);
    expect(refused.status).toBe('rejected');
    expect(stored.status).toBe('fulfilled');
    const id = (stored as PromiseFulfilledResult<{ event: { id: string } }[]>).value[0]!.event.id;
    const token = await login(server.url, 'integration');
    expect((await call(server.url, 'GET', `/api/events/${id}`, token)).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/events', token, report())).status).toBe(201);
  });
});
