import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { ModeState } from '../../common/domain/modes.ts';
import type { ConsoleClientToServer, ConsoleServerToClient } from '../../common/socketCatalogue.ts';
import { authJson } from '../shared/authFetch.ts';
import { createSession } from '../shared/session.ts';
import { socketWhileSignedIn } from './connection.ts';
import { locateOver } from './locateClient.ts';
import { createStore } from './store.ts';
import { followOfficerDesk } from './officerDeskFeed.ts';

/** The console's one socket owner: the officer's session, live broadcast progress, locating. */
export const consoleAuth = createSession('console');
export const consoleSession = consoleAuth.session;
export const broadcastProgress = createStore<{ byId: Record<string, BroadcastProgress> }>({ byId: {} });
/** The city's operating mode and its switches, newest first; null until first heard. */
export const operatingMode = createStore<{ current: ModeState | null; history: ModeState[] }>({ current: null, history: [] });
/** Switches kept for the console's history list. */
const MODE_HISTORY_KEPT = 50;

function noteMode(mode: ModeState): void {
  const { current: shown, history } = operatingMode.get();
  const newer = !shown || mode.sinceMs >= shown.sinceMs;
  const others = history.filter((h) => h.sinceMs !== mode.sinceMs);
  operatingMode.set({ current: newer ? mode : shown, history: [mode, ...others].sort((a, b) => b.sinceMs - a.sinceMs).slice(0, MODE_HISTORY_KEPT) });
}

/** Asks the server to switch the mode; the server's refusal (400, 403) as it worded it. */
export async function switchMode(mode: ModeState['mode'], reason: string): Promise<void> {
  const switched = await consoleApi<{ mode: ModeState }>('POST', '/api/mode', { mode, reason });
  noteMode(switched.mode);
}

export function consoleLocate(lng: number, lat: number) {
  const socket = current();
  if (!socket) return Promise.reject(new Error('not connected'));
  return locateOver(socket)(lng, lat);
}

/** REST with the officer's token (refreshed when it has expired); the error message of a refusal, as the server worded it. */
export function consoleApi<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return authJson<T>(consoleAuth, method, path, body);
}

const { link, current } = socketWhileSignedIn<ConsoleServerToClient, ConsoleClientToServer>('console', consoleAuth, (socket) => {
  // On every (re)connect the server sends a snapshot: nothing switched or sent while this console was away is missed.
  socket.on('console:snapshot', ({ mode, modeHistory, broadcasts }) => {
    operatingMode.set({ current: null, history: [] });
    for (const h of [...modeHistory, mode]) noteMode(h);
    broadcastProgress.set({ byId: { ...broadcastProgress.get().byId, ...Object.fromEntries(broadcasts.map((p) => [p.id, p])) } });
  });
  socket.on('broadcast:progress', (p) => broadcastProgress.set({ byId: { ...broadcastProgress.get().byId, [p.id]: p } }));
  socket.on('mode:changed', noteMode);
  followOfficerDesk(socket);
});
export const consoleLink = link;
