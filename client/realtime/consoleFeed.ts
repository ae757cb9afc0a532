import type { Socket } from 'socket.io-client';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { ConsoleClientToServer, ConsoleServerToClient } from '../../common/events.ts';
import { createSession } from '../shared/session.ts';
import { openNamespace } from './connection.ts';
import { locateOver } from './locateClient.ts';
import { createStore } from './store.ts';

/** The console's one socket owner: the officer's session, live broadcast progress, locating. */
export const consoleAuth = createSession('console');
export const consoleSession = consoleAuth.session;
export const consoleLink = createStore({ status: 'connecting' as 'connecting' | 'live' | 'down', lastMessageAtMs: 0 });
export const broadcastProgress = createStore<{ byId: Record<string, BroadcastProgress> }>({ byId: {} });
let socket: Socket<ConsoleServerToClient, ConsoleClientToServer> | null = null;

export function consoleLocate(lng: number, lat: number) {
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

let connectedToken: string | null = null;
const follow = () => {
  const { token } = consoleSession.get();
  if (token === connectedToken) return;
  connectedToken = token;
  socket?.disconnect();
  socket = null;
  if (!token) return;
  const opened = openNamespace<ConsoleServerToClient, ConsoleClientToServer>('console', token);
  socket = opened.socket;
  opened.link.subscribe(() => consoleLink.set(opened.link.get()));
  socket.on('broadcast:progress', (p) => broadcastProgress.set({ byId: { ...broadcastProgress.get().byId, [p.id]: p } }));
  socket.on('connect_error', (error) => {
    if (/authentication required|may not join/.test(error.message)) consoleAuth.logout(error.message);
  });
};
consoleSession.subscribe(follow);
follow();
