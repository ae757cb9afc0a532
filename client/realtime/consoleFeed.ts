import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { ConsoleClientToServer, ConsoleServerToClient } from '../../common/events.ts';
import { createSession } from '../shared/session.ts';
import { socketWhileSignedIn } from './connection.ts';
import { locateOver } from './locateClient.ts';
import { createStore } from './store.ts';

/** The console's one socket owner: the officer's session, live broadcast progress, locating. */
export const consoleAuth = createSession('console');
export const consoleSession = consoleAuth.session;
export const broadcastProgress = createStore<{ byId: Record<string, BroadcastProgress> }>({ byId: {} });
export function consoleLocate(lng: number, lat: number) {
  const socket = current();
  if (!socket) return Promise.reject(new Error('not connected'));
  return locateOver(socket)(lng, lat);
}

/** REST with the officer's token; the error message of a refusal, as the server worded it. */
export async function consoleApi<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${consoleSession.get().token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: string };
  if (res.status === 401) consoleAuth.logout(json.error ?? null);
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

const { link, current } = socketWhileSignedIn<ConsoleServerToClient, ConsoleClientToServer>('console', consoleAuth, (socket) => {
  socket.on('broadcast:progress', (p) => broadcastProgress.set({ byId: { ...broadcastProgress.get().byId, [p.id]: p } }));
});
export const consoleLink = link;
