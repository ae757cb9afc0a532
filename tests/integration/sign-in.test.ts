import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { CityClient } from '../../simulator/cityClient.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

const post = (server: RunningServer, path: string, body: unknown) => call(server.url, 'POST', path, null, body);
const signIn = (server: RunningServer, username: string, password: string) => post(server, '/api/auth/login', { username, password });

describe('sign-in, throttled', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ loginFailuresPerAccount: 5, loginFailuresPerAddress: 40 });
  });
  afterAll(() => server?.stop());

  it('answers a token, its expiry and a refresh token', async () => {
    const res = await signIn(server, 'officer', 'officer-demo');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'officer', role: 'officer', unit: null, token: expect.any(String), refreshToken: expect.stringMatching(/^cbr_/) });
    expect(res.body.expiresAtMs - Date.now()).toBeGreaterThan(10 * 60_000);
    expect(res.body.expiresAtMs - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it('never answers 30 wrong passwords in a row all with 401: the account is held with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'officer.erqi', password: `guess-${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits: the guesser learns nothing, and costs no scrypt.
    expect((await signIn(server, 'officer.erqi', 'officer-demo')).status).toBe(429);
    // Another account from the same address is not held.
    expect((await signIn(server, 'officer.huaihe', 'officer-demo')).status).toBe(200);
  });

  it('records sign-ins and failures, with the address, for the city centre to read', async () => {
    const officer = await login(server.url, 'officer');
    const failed = await call(server.url, 'GET', '/api/audit?action=signin.failed&limit=5', officer);
    expect(failed.status).toBe(200);
    expect(failed.body.entries[0]).toMatchObject({ action: 'signin.failed', address: expect.stringMatching(/127\.0\.0\.1/), atMs: expect.any(Number) });
    const ok = await call(server.url, 'GET', '/api/audit?action=signin&actor=officer', officer);
    expect(ok.body.entries.length).toBeGreaterThan(0);
    expect((await call(server.url, 'GET', '/api/audit?limit=100000', officer)).status).toBe(400);
  });

  it('limits failed sign-ins per address across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await signIn(server, `W${String(1000 + i).padStart(6, '0')}`, 'wrong-password')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await signIn(server, 'W002000', 'worker-demo')).status).toBe(429);
  });

  it('refuses a malformed sign-in with 400 naming the field', async () => {
    const res = await post(server, '/api/auth/login', { username: 'a b', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(expect.arrayContaining(['username', 'password']));
  });
});

describe('tokens: short-lived, refreshed, revoked', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ accountPollMs: 200 });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  it('accepts a token only from the Authorization header, never from the URL, outside Open311', async () => {
    const token = await login(server.url, 'integration');
    expect((await fetch(`${server.url}/api/events?api_key=${token}`)).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/events', token)).status).toBe(200);
  });

  it('disabling an account stops its tokens and refresh tokens and closes its open sockets', async () => {
    const first = await signIn(server, 'officer.huaihe', 'officer-demo');
    const wall = await connectClient(server.url, 'wall', first.body.token);
    sockets.push(wall);
    const closed = new Promise<string>((resolve) => wall.once('disconnect', resolve));
    // Through the store, as the admin CLI does from its own process: the server hears of it by polling.
    await server.deps.trust.accounts.setEnabled('officer.huaihe', false);
    expect(await closed).toBe('io server disconnect');
    expect((await call(server.url, 'GET', '/api/mode', first.body.token)).status).toBe(401);
    expect((await post(server, '/api/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await signIn(server, 'officer.huaihe', 'officer-demo')).status).toBe(401);
    await expect(connectClient(server.url, 'wall', first.body.token)).rejects.toThrow(/authentication required/);
    await server.deps.trust.accounts.setEnabled('officer.huaihe', true);
    expect((await signIn(server, 'officer.huaihe', 'officer-demo')).status).toBe(200);
  });

  it('a new password revokes what was issued before', async () => {
    const before = await signIn(server, 'officer.erqi', 'officer-demo');
    await server.deps.trust.accounts.resetPassword('officer.erqi', 'a-much-longer-password');
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(server.url, 'GET', '/api/mode', before.body.token)).status).toBe(401);
    expect((await signIn(server, 'officer.erqi', 'officer-demo')).status).toBe(401);
    expect((await signIn(server, 'officer.erqi', 'a-much-longer-password')).status).toBe(200);
  });

  it('signing out with the refresh token (as the pages do) stops the session’s access token at once, and nothing else', async () => {
    const first = await signIn(server, 'officer', 'officer-demo');
    const second = await signIn(server, 'officer', 'officer-demo');
    expect((await call(server.url, 'GET', '/api/mode', first.body.token)).status).toBe(200);
    expect((await post(server, '/api/auth/logout', { refreshToken: first.body.refreshToken })).status).toBe(204);
    expect((await call(server.url, 'GET', '/api/mode', first.body.token)).status).toBe(401);
    await expect(connectClient(server.url, 'wall', first.body.token)).rejects.toThrow(/authentication required/);
    expect((await post(server, '/api/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    // Another sign-in of the same account is another session: untouched.
    expect((await call(server.url, 'GET', '/api/mode', second.body.token)).status).toBe(200);
    // A used refresh token of a session still signs it out (the access token issued with its successor too).
    const refreshed = await post(server, '/api/auth/refresh', { refreshToken: second.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await post(server, '/api/auth/logout', { refreshToken: second.body.refreshToken })).status).toBe(204);
    expect((await call(server.url, 'GET', '/api/mode', refreshed.body.token)).status).toBe(401);
    expect((await post(server, '/api/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    // A request that merely carries an access token signs nothing out; nor does an unknown refresh token.
    const third = await signIn(server, 'officer', 'officer-demo');
    expect((await call(server.url, 'POST', '/api/auth/logout', third.body.token, {})).status).toBe(400);
    expect((await call(server.url, 'POST', '/api/auth/logout', third.body.token, { refreshToken: 'cbr_unknown' })).status).toBe(204);
    expect((await call(server.url, 'GET', '/api/mode', third.body.token)).status).toBe(200);
  });

  it('signing out closes the sockets the session opened; another session’s stay', async () => {
    const leaving = await signIn(server, 'wall', 'wall-demo');
    const staying = await signIn(server, 'wall', 'wall-demo');
    const left: Socket = await connectClient(server.url, 'wall', leaving.body.token);
    const stays: Socket = await connectClient(server.url, 'wall', staying.body.token);
    try {
      const closed = new Promise<string>((resolve) => left.once('disconnect', resolve));
      expect((await post(server, '/api/auth/logout', { refreshToken: leaving.body.refreshToken })).status).toBe(204);
      expect(await closed).toBe('io server disconnect');
      expect(stays.connected).toBe(true);
    } finally {
      left.disconnect();
      stays.disconnect();
    }
  });

  it('a refresh token presented again after its use signs the whole session out: the successor is refused, and its access tokens', async () => {
    const first = await signIn(server, 'wall', 'wall-demo');
    const other = await signIn(server, 'wall', 'wall-demo');
    // One of the two holders (the thief, say) refreshes first…
    const successor = await post(server, '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(successor.status).toBe(200);
    expect((await call(server.url, 'GET', '/api/stats/today', successor.body.token)).status).toBe(200);
    // …then the other presents the same, used token: refused, and the family is revoked.
    expect((await post(server, '/api/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await post(server, '/api/auth/refresh', { refreshToken: successor.body.refreshToken })).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/stats/today', successor.body.token)).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/stats/today', first.body.token)).status).toBe(401);
    // The account's other sign-in goes on.
    expect((await call(server.url, 'GET', '/api/stats/today', other.body.token)).status).toBe(200);
    expect((await post(server, '/api/auth/refresh', { refreshToken: other.body.refreshToken })).status).toBe(200);
  });

  it('an integration’s API key works as a bearer credential and on Open311, and stops when revoked', async () => {
    const { id, key } = await server.deps.trust.accounts.issueApiKey('integration');
    expect((await call(server.url, 'POST', '/api/events', key, report())).status).toBe(201);
    expect((await fetch(`${server.url}/api/events?api_key=${key}`)).status).toBe(401);
    expect((await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}`)).status).toBe(200);
    await server.deps.trust.accounts.revokeApiKey(id);
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(server.url, 'POST', '/api/events', key, report())).status).toBe(401);
    expect((await call(server.url, 'POST', '/api/events', `${key.slice(0, -2)}xx`, report())).status).toBe(401);
  });
});

describe('short-lived access tokens', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ accessTokenLifetimeMs: 1500 });
    // The server cuts its tile indexes just after listening; wait that out so the clock below is the token's.
    await new Promise((r) => setTimeout(r, 500));
    await fetch(`${server.url}/api/health`);
  });
  afterAll(() => server?.stop());

  it('expires the access token; the refresh token brings a new one, once', async () => {
    const { body } = await signIn(server, 'wall', 'wall-demo');
    expect((await call(server.url, 'GET', '/api/stats/today', body.token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await call(server.url, 'GET', '/api/stats/today', body.token)).status).toBe(401);
    const refreshed = await post(server, '/api/auth/refresh', { refreshToken: body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(body.refreshToken);
    expect((await call(server.url, 'GET', '/api/stats/today', refreshed.body.token)).status).toBe(200);
    expect((await post(server, '/api/auth/refresh', { refreshToken: body.refreshToken })).status).toBe(401);
    expect((await post(server, '/api/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(204);
    expect((await post(server, '/api/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
  });

  it('keeps the simulator’s client working across expiries: it refreshes, and signs in again when it must', async () => {
    const client = new CityClient(server.url, { username: 'integration', password: 'integration-demo' });
    await client.login();
    for (let i = 0; i < 3; i++) {
      expect((await client.request('GET', '/api/stats/today')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1200));
    }
  });
});

describe('a grid worker’s phone enrols with a one-time code', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ accountPollMs: 200 });
  });
  afterAll(() => server?.stop());

  it('exchanges the code once for the phone’s own credential, which signs it in; the old demo sign-in stops', async () => {
    const demoToken = await login(server.url, 'W000123');
    const { code } = (await server.deps.trust.accounts.enrolWorkers(['W000123'], 3_600_000))[0]!;
    expect((await post(server, '/api/auth/enrol', { username: 'W000123', code: 'AAAA-BBBB-CCCC' })).status).toBe(401);
    const enrolled = await post(server, '/api/auth/enrol', { username: 'W000123', code: code.toLowerCase() });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ username: 'W000123', role: 'worker', unit: 'W000123', credential: expect.stringMatching(/^cbd_.{43}$/) });
    expect((await post(server, '/api/auth/enrol', { username: 'W000123', code })).status).toBe(401);
    const phone = await connectClient(server.url, 'worker', enrolled.body.token);
    phone.disconnect();
    const again = await signIn(server, 'W000123', enrolled.body.credential);
    expect(again.status).toBe(200);
    expect((await call(server.url, 'GET', '/api/geo/summary', demoToken)).status).toBe(401);
  });

  it('refuses an expired code', async () => {
    const { code } = (await server.deps.trust.accounts.enrolWorkers(['W000124'], -1))[0]!;
    expect((await post(server, '/api/auth/enrol', { username: 'W000124', code })).status).toBe(401);
  });

  it('refuses a worker account whose unit is not on the roster, clearly and without harm', async () => {
    await server.deps.trust.accounts.add('ghost.worker', 'worker', 'W999999', 'a-long-enough-password');
    const token = await login(server.url, 'ghost.worker').catch(async () => (await signIn(server, 'ghost.worker', 'a-long-enough-password')).body.token as string);
    await expect(connectClient(server.url, 'worker', token)).rejects.toThrow(/not a grid worker of the roster/);
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
  });
});
