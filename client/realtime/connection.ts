import { io, type Socket } from 'socket.io-client';
import type { NamespaceName } from '../../common/events.ts';
import { NAMESPACES } from '../../common/events.ts';
import { createStore, type Store } from './store.ts';

export type LinkStatus = 'connecting' | 'live' | 'down';
export interface LinkState {
  status: LinkStatus;
  /** When the server last told us anything, epoch ms; 0 before the first message. */
  lastMessageAtMs: number;
}

/**
 * Opens the page's one socket to its namespace. Reconnects forever with a capped back-off: a wall
 * runs for days and must come back by itself after a server restart.
 */
export function openNamespace<S2C extends object, C2S extends object>(name: NamespaceName, token?: string): { socket: Socket<S2C, C2S>; link: Store<LinkState> } {
  const socket = io(NAMESPACES[name], {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  }) as unknown as Socket<S2C, C2S>;
  const link = createStore<LinkState>({ status: 'connecting', lastMessageAtMs: 0 });
  socket.on('connect', () => link.set({ status: 'live', lastMessageAtMs: Date.now() }));
  socket.on('disconnect', () => link.set({ status: 'down' }));
  socket.io.on('reconnect_attempt', () => link.set({ status: 'connecting' }));
  socket.onAny(() => link.set({ lastMessageAtMs: Date.now() }));
  return { socket, link };
}
