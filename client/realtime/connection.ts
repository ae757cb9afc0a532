import { io, type Socket } from 'socket.io-client';
import type { NamespaceName } from '../../common/events.ts';
import { NAMESPACES } from '../../common/events.ts';
import type { PageSession } from '../shared/session.ts';
import { createStore, type Store } from './store.ts';

export type LinkStatus = 'connecting' | 'live' | 'down';
export interface LinkState {
  status: LinkStatus;
  /** When the server last told us anything, epoch ms; 0 before the first message. */
  lastMessageAtMs: number;
}

/**
 * The page's one socket to its namespace, open while the page is signed in: opened when a token
 * arrives, closed when it goes, and a refused token signs the page out. It reconnects forever
 * with a capped back-off: a wall runs for days and must come back by itself after a restart.
 */
export function socketWhileSignedIn<S2C extends object, C2S extends object>(
  name: NamespaceName,
  auth: PageSession,
  setup: (socket: Socket<S2C, C2S>) => void,
): { link: Store<LinkState>; current: () => Socket<S2C, C2S> | null } {
  const link = createStore<LinkState>({ status: 'connecting', lastMessageAtMs: 0 });
  let socket: Socket<S2C, C2S> | null = null;
  let connectedToken: string | null = null;
  const follow = () => {
    const { token } = auth.session.get();
    if (token === connectedToken) return;
    connectedToken = token;
    socket?.disconnect();
    socket = null;
    if (!token) return;
    const opened = io(NAMESPACES[name], { transports: ['websocket'], auth: { token }, reconnectionDelay: 1000, reconnectionDelayMax: 10_000 }) as unknown as Socket<S2C, C2S>;
    opened.on('connect', () => link.set({ status: 'live', lastMessageAtMs: Date.now() }));
    opened.on('disconnect', () => link.set({ status: 'down' }));
    opened.io.on('reconnect_attempt', () => link.set({ status: 'connecting' }));
    opened.onAny(() => link.set({ lastMessageAtMs: Date.now() }));
    opened.on('connect_error', (error) => {
      if (/authentication required|may not join/.test(error.message)) auth.logout(error.message);
    });
    socket = opened;
    setup(opened);
  };
  auth.session.subscribe(follow);
  follow();
  return { link, current: () => socket };
}
