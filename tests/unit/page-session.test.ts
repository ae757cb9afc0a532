import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../../client/shared/session.ts';

const ACCESS_MS = 3_000;

/**
 * A server's refresh rotation as the sign-in service keeps it: each refresh token works once, and
 * one presented again signs the whole session out (its family is revoked).
 */
function rotatingServer() {
  let issued = 0;
  let live: string | null = null;
  const presented: string[] = [];
  const result = () => {
    issued++;
    live = `refresh-${issued}`;
    return { token: `access-${issued}`, expiresAtMs: Date.now() + ACCESS_MS, refreshToken: live, username: 'wall', role: 'wall', unit: null, department: null };
  };
  const fetch = vi.fn(async (path: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as { refreshToken?: string };
    const answer = (status: number, json: unknown) => new Response(JSON.stringify(json), { status });
    if (path === '/api/auth/login') return answer(200, result());
    if (path === '/api/auth/logout') return answer(204, {});
    presented.push(body.refreshToken!);
    if (body.refreshToken !== live) {
      live = null;
      return answer(401, { error: 'refresh token reused: session signed out' });
    }
    return answer(200, result());
  });
  return { fetch, presented };
}

describe("two tabs of one page share one session's refresh token", () => {
  const storage = new Map<string, string>();
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    storage.clear();
    vi.stubGlobal('localStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a tab whose turn comes after the other refreshed presents the newer token, even when its access token has lapsed meanwhile', async () => {
    const server = rotatingServer();
    vi.stubGlobal('fetch', server.fetch);
    const first = createSession('wall');
    await first.login('wall', 'wall-demo', ['wall']);
    const second = createSession('wall');
    expect(second.session.get().token).toBe('access-1');

    expect(await first.refresh()).toBe(true);
    // The second tab is slow to get its turn: the first tab's new access token has expired too.
    vi.setSystemTime(Date.now() + ACCESS_MS + 1_000);
    expect(await second.refresh()).toBe(true);
    expect(server.presented).toEqual(['refresh-1', 'refresh-2']);
    expect(second.session.get()).toMatchObject({ token: 'access-3', error: null });

    // And the first, whose turn comes next, takes what the second stored.
    expect(await first.refresh()).toBe(true);
    expect(first.session.get().token).toBe('access-3');
    expect(server.presented).toEqual(['refresh-1', 'refresh-2']);
  });
});
