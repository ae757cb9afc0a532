import { io, type Socket } from 'socket.io-client';
import type { CityServerToClient, NamespaceName } from '../../common/socketCatalogue.ts';
import { NAMESPACES } from '../../common/socketCatalogue.ts';
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
  // The socket follows who is signed in, not the token: a refreshed token serves the next reconnect.
  let connectedAs: string | null = null;
  const follow = () => {
    const { token, username } = auth.session.get();
    const signedInAs = token ? username : null;
    if (signedInAs === connectedAs) return;
    connectedAs = signedInAs;
    socket?.disconnect();
    socket = null;
    if (!signedInAs) return;
    let refreshedForRefusal = false;
    // Every (re)connect asks for the access token then, refreshed if it has expired.
    const opened = io(NAMESPACES[name], {
      transports: ['websocket'],
      auth: (cb) => void auth.freshToken().then((fresh) => cb({ token: fresh })),
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    }) as unknown as Socket<S2C, C2S>;
    opened.on('connect', () => {
      refreshedForRefusal = false;
      link.set({ status: 'live', lastMessageAtMs: Date.now() });
    });
    opened.on('disconnect', (reason) => {
      link.set({ status: 'down' });
      // The server closed it: the account was disabled or its password reset. A refresh tells
      // which; if the page may still sign in, it reconnects (Socket.IO does not by itself here).
      if (reason === 'io server disconnect') void auth.refresh().then((ok) => ok && opened.connect());
    });
    opened.io.on('reconnect_attempt', () => link.set({ status: 'connecting' }));
    // The node reloads to serve a new city version: a wall, console or desk shows units, tiles and
    // figures of the old one, so it reloads the page. A phone keeps its page (a report may be
    // half-written) and reconnects into the new units' rooms by itself.
    if (name !== 'worker') (opened as unknown as Socket<CityServerToClient>).on('city:changed', () => window.location.reload());
    opened.onAny(() => link.set({ lastMessageAtMs: Date.now() }));
    opened.on('connect_error', (error) => {
      if (!/authentication required|may not join|not a grid worker/.test(error.message)) return;
      // A token refused at sign-in may only have expired: refresh once, else sign out.
      if (refreshedForRefusal || !/authentication required/.test(error.message)) return auth.logout(error.message);
      refreshedForRefusal = true;
      void auth.refresh().then((ok) => (ok ? opened.connect() : auth.logout(error.message)));
    });
    socket = opened;
    setup(opened);
  };
  auth.session.subscribe(follow);
  follow();
  return { link, current: () => socket };
}
