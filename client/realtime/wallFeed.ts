import type { WallClientToServer, WallServerToClient, WallSnapshot } from '../../common/events.ts';
import { openNamespace } from './connection.ts';
import { createStore } from './store.ts';

/** The wall's one socket owner: components read `wallData` and `wallLink`, never the socket. */
const { socket, link } = openNamespace<WallServerToClient, WallClientToServer>('wall');

export const wallLink = link;
export const wallData = createStore<{ snapshot: WallSnapshot | null }>({ snapshot: null });

socket.on('wall:snapshot', (snapshot) => wallData.set({ snapshot }));
