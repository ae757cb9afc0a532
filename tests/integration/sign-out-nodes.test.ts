import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { createTestRedis } from '../support/redis.ts';
import { call, startTestServer } from '../support/server.ts';

/**
 * Two nodes sharing one Redis (each with a store of its own here: what is shared is Redis and the
 * signing secret): a session signed out on one node is refused on the other at once, and guesses
 * spread over both nodes at once are checked no more often than the limit.
 */
const redis = await createTestRedis();
afterAll(() => redis?.cleanUp());

describe.skipIf(!redis)('sign-out and the sign-in throttle across nodes', () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    const shared = { redis: { url: redis!.url, prefix: redis!.prefix }, loginFailuresPerAccount: 5, loginFailuresPerAddress: 1000 };
    a = await startTestServer(shared);
    b = await startTestServer(shared);
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  const signIn = (server: RunningServer, username: string, password: string) => call(server.url, 'POST', '/api/auth/login', null, { username, password });

  it('refuses on node B, at once, an access token whose session was signed out on node A', async () => {
    const session = await signIn(a, 'officer', 'officer-demo');
    expect(session.status).toBe(200);
    expect((await call(b.url, 'GET', '/api/mode', session.body.token)).status).toBe(200);
    expect((await call(a.url, 'POST', '/api/auth/logout', null, { refreshToken: session.body.refreshToken })).status).toBe(204);
    expect((await call(b.url, 'GET', '/api/mode', session.body.token)).status).toBe(401);
    expect((await call(a.url, 'GET', '/api/mode', session.body.token)).status).toBe(401);
  });

  it('checks at most the limit of 100 wrong passwords sent at once to two nodes', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(i % 2 ? a : b, 'officer.erqi', `guess-${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
  });
});
