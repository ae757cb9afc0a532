import type { AuthOptions, Role, SignInResult } from '../../common/domain/auth.ts';
import { createStore } from '../realtime/store.ts';

/**
 * The page's sign-in: a short-lived access token, refreshed before it expires with a refresh
 * token kept in localStorage per page, so a wall signs in once and stays signed in for days,
 * across reloads and server restarts. A phone that enrolled keeps its device credential too, and
 * signs in with it again should its refresh token lapse.
 */
export interface Session {
  token: string | null;
  username: string | null;
  /** The signed-in account's role (null when unknown: a session kept by a release before it was saved). */
  role: Role | null;
  error: string | null;
}

interface Saved {
  token: string;
  expiresAtMs: number;
  refreshToken: string;
  username: string;
  role?: Role;
  /** An enrolled phone's own credential (worker app only). */
  credential?: string;
}

/** Refresh this long before the access token expires, ms. */
const REFRESH_AHEAD_MS = 60_000;
/** After a failed refresh (server unreachable), try again after this long, ms. */
const RETRY_MS = 15_000;

export type PageSession = ReturnType<typeof createSession>;

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T & { error?: string } }> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T & { error?: string } };
}

/** The server's sign-in options (demo mode shows the demo accounts); never demo if it cannot be asked. */
export async function authOptions(): Promise<AuthOptions> {
  try {
    return (await (await fetch('/api/auth/options')).json()) as AuthOptions;
  } catch {
    return { demo: false };
  }
}

export function createSession(page: 'wall' | 'console' | 'desk' | 'worker') {
  const key = `cityBrain.session.${page}`;
  let saved = readSaved();
  const session = createStore<Session>({ token: saved?.token ?? null, username: saved?.username ?? null, role: saved?.role ?? null, error: null });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let refreshing: Promise<boolean> | null = null;

  function readSaved(): Saved | null {
    try {
      const value = JSON.parse(globalThis.localStorage?.getItem(key) ?? 'null') as Saved | null;
      return value && typeof value.refreshToken === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  function keep(result: SignInResult, credential = saved?.credential): void {
    saved = { token: result.token, expiresAtMs: result.expiresAtMs, refreshToken: result.refreshToken, username: result.username, role: result.role, ...(credential ? { credential } : {}) };
    localStorage.setItem(key, JSON.stringify(saved));
    session.set({ token: result.token, username: result.username, role: result.role, error: null });
    schedule(result.expiresAtMs - Date.now() - REFRESH_AHEAD_MS);
  }

  function schedule(inMs: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), Math.max(1000, inMs));
  }

  function logout(reason: string | null = null): void {
    if (timer) clearTimeout(timer);
    if (saved) void post('/api/auth/logout', { refreshToken: saved.refreshToken }).catch(() => {});
    localStorage.removeItem(key);
    saved = null;
    session.set({ token: null, username: null, role: null, error: reason });
  }

  /**
   * A new access token from the refresh token (or, for an enrolled phone, from its credential).
   * True when signed in afterwards; a refusal signs the page out, an unreachable server retries.
   */
  function refresh(): Promise<boolean> {
    // Tabs of one page share its refresh token: one refreshes at a time (Web Locks, where the
    // page is a secure context), and the others take what it stored. A refresh token presented
    // twice is taken by the server for a stolen one, and the whole session is signed out.
    const renew = () => (globalThis.navigator?.locks ? globalThis.navigator.locks.request(key, renewOnce) : renewOnce());
    refreshing ??= renew().finally(() => (refreshing = null));
    return refreshing;
  }

  /**
   * Takes the session another tab of this page stored since (every tab writes what it gets, so a
   * stored token unlike this tab's is newer): its refresh token is the one to present now, even when
   * its access token has expired meanwhile, for this tab's was spent by the other. True when its
   * access token is still good, so no refresh is needed.
   */
  function adoptStored(): boolean {
    const stored = readSaved();
    if (!stored || !saved || stored.refreshToken === saved.refreshToken) return false;
    saved = stored;
    if (stored.expiresAtMs <= Date.now()) return false;
    session.set({ token: stored.token, username: stored.username, role: stored.role ?? null, error: null });
    schedule(stored.expiresAtMs - Date.now() - REFRESH_AHEAD_MS);
    return true;
  }

  async function renewOnce(): Promise<boolean> {
    if (!saved) return false;
    if (adoptStored()) return true;
    const current = saved;
    try {
      let res = await post<SignInResult>('/api/auth/refresh', { refreshToken: current.refreshToken });
      if (res.status === 401 && current.credential) res = await post<SignInResult>('/api/auth/login', { username: current.username, password: current.credential });
      if (res.status === 200) {
        keep(res.body);
        return true;
      }
      if (res.status === 401 || res.status === 403) {
        logout(res.body.error ?? null);
        return false;
      }
    } catch {
      // Unreachable: keep the session and try again shortly.
    }
    schedule(RETRY_MS);
    return false;
  }

  if (saved) schedule(saved.expiresAtMs - Date.now() - REFRESH_AHEAD_MS);

  return {
    session,
    async login(username: string, password: string, allowed: readonly Role[]): Promise<void> {
      const res = await post<SignInResult>('/api/auth/login', { username, password });
      if (res.status !== 200) return session.set({ error: res.body.error ?? `HTTP ${res.status}` });
      if (!allowed.includes(res.body.role)) return session.set({ error: `role ${res.body.role}` });
      keep(res.body, undefined);
    },
    /** A worker's phone: the one-time code of the enrolment sheet for the phone's own credential. */
    async enrol(username: string, code: string): Promise<void> {
      const res = await post<SignInResult & { credential: string }>('/api/auth/enrol', { username, code });
      if (res.status !== 200) return session.set({ error: res.body.error ?? `HTTP ${res.status}` });
      keep(res.body, res.body.credential);
    },
    logout,
    refresh,
    /** The access token now, refreshed first if it has expired (a page woken from sleep). */
    async freshToken(): Promise<string | null> {
      if (saved && saved.expiresAtMs - Date.now() < REFRESH_AHEAD_MS / 2) await refresh();
      return session.get().token;
    },
  };
}
