import type { Role } from '../../common/domain/auth.ts';
import { createStore } from '../realtime/store.ts';

/**
 * The page's login: a signed token kept in localStorage per page, so a wall logs in once and
 * stays logged in across reloads and server restarts.
 */
export interface Session {
  token: string | null;
  username: string | null;
  error: string | null;
}

export type PageSession = ReturnType<typeof createSession>;

export function createSession(page: 'wall' | 'console' | 'worker') {
  const key = `cityBrain.session.${page}`;
  const saved = JSON.parse(globalThis.localStorage?.getItem(key) ?? 'null') as { token: string; username: string } | null;
  const session = createStore<Session>({ token: saved?.token ?? null, username: saved?.username ?? null, error: null });
  return {
    session,
    async login(username: string, password: string, allowed: readonly Role[]): Promise<void> {
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const body = (await res.json()) as { token?: string; role?: Role; error?: string };
      if (!res.ok || !body.token) return session.set({ error: body.error ?? `HTTP ${res.status}` });
      if (!allowed.includes(body.role!)) return session.set({ error: `role ${body.role}` });
      localStorage.setItem(key, JSON.stringify({ token: body.token, username }));
      session.set({ token: body.token, username, error: null });
    },
    logout(reason: string | null = null): void {
      localStorage.removeItem(key);
      session.set({ token: null, username: null, error: reason });
    },
  };
}
