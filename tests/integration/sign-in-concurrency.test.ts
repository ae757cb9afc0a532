import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

const post = (server: RunningServer, path: string, body: unknown) => call(server.url, 'POST', path, null, body);
const signIn = (server: RunningServer, username: string, password: string) => post(server, '/api/auth/login', { username, password });
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/**
 * The sign-in throttle takes a failure slot before it checks a password, so guesses arriving all
 * at once are checked no more often than the limit allows — not only guesses made one after
 * another.
 */
describe('sign-in throttle, under concurrent guesses', () => {
  const LIMIT = 5;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ loginFailuresPerAccount: LIMIT, loginFailuresPerAddress: 1000 });
  });
  afterAll(() => server?.stop());

  it('checks at most the limit of 100 wrong passwords sent at once; the rest are 429 unchecked, and so is the right one after them', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(server, 'officer.erqi', `guess-${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(count(statuses, 401)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(100 - LIMIT);
    expect((await signIn(server, 'officer.erqi', 'officer-demo')).status).toBe(429);
    // Only the checked guesses are failures on record: the others never reached the password.
    const officer = await login(server.url, 'officer');
    const failed = await call(server.url, 'GET', '/api/audit?action=signin.failed&actor=officer.erqi&limit=100', officer);
    expect(failed.status).toBe(200);
    expect(failed.body.entries).toHaveLength(LIMIT);
  });

  it('checks at most the limit of 100 wrong enrolment codes sent at once, and holds the right one after them', async () => {
    const { code } = (await server.deps.trust.accounts.enrolWorkers(['W000321'], 3_600_000))[0]!;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => post(server, '/api/auth/enrol', { username: 'W000321', code: `AAAA-BBBB-${String(i).padStart(4, '0')}` })));
    const statuses = answers.map((a) => a.status);
    expect(count(statuses, 401)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(100 - LIMIT);
    expect((await post(server, '/api/auth/enrol', { username: 'W000321', code })).status).toBe(429);
  });

  it('holds only the account guessed at: another account from the same address signs in at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(server, 'officer.huaihe', `guess-${i}`)));
    expect((await signIn(server, 'officer.huaihe', 'officer-demo')).status).toBe(429);
    expect((await signIn(server, 'officer', 'officer-demo')).status).toBe(200);
  });
});

describe('sign-in throttle, per address', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ loginFailuresPerAccount: 5, loginFailuresPerAddress: 3 });
  });
  afterAll(() => server?.stop());

  it('counts only failures against an address: successes give their slot back, and concurrent guesses across accounts get the limit', async () => {
    // Ten sign-ins in a row, and ten at once, all succeed from one address whose failure limit is 3.
    for (let i = 0; i < 10; i++) expect((await signIn(server, 'wall', 'wall-demo')).status).toBe(200);
    const together = await Promise.all(Array.from({ length: 10 }, () => signIn(server, 'wall', 'wall-demo')));
    expect(together.map((a) => a.status)).toEqual(Array(10).fill(200));
    // Wrong passwords for 30 different accounts at once: three are checked, the rest held.
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(server, `W${String(2000 + i).padStart(6, '0')}`, 'wrong-password')));
    const statuses = guesses.map((a) => a.status);
    expect(count(statuses, 401)).toBe(3);
    expect(count(statuses, 429)).toBe(27);
    expect((await signIn(server, 'wall', 'wall-demo')).status).toBe(429);
  });
});
