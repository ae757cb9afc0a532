import type { Socket } from 'socket.io-client';
import type { WallClientToServer, WallServerToClient } from '../../common/events.ts';
import { createSession } from '../shared/session.ts';
import { openNamespace } from './connection.ts';
import { createStore } from './store.ts';
import { applyBroadcastProgress, applyDelta, applySnapshot, emptyWallState, type WallState } from './wallState.ts';

/**
 * The wall's one socket owner: opens the /wall namespace with the session's token, applies the
 * snapshot and deltas, and asks for a fresh snapshot when it sees a gap. Components read
 * `wallData`, `wallLink` and `wallSession`, never the socket.
 */
export const wallAuth = createSession('wall');
export const wallSession = wallAuth.session;
export const wallData = createStore<WallState>(emptyWallState);
let current: { socket: Socket<WallServerToClient, WallClientToServer>; link: ReturnType<typeof openNamespace>['link'] } | null = null;
export const wallLink = createStore({ status: 'connecting' as 'connecting' | 'live' | 'down', lastMessageAtMs: 0 });

function connect(token: string): void {
  current?.socket.disconnect();
  const { socket, link } = openNamespace<WallServerToClient, WallClientToServer>('wall', token);
  current = { socket, link };
  link.subscribe(() => wallLink.set(link.get()));
  const resync = () =>
    socket.emit('wall:requestSnapshot', (ack) => {
      if (ack.ok) wallData.set(applySnapshot(ack.snapshot));
    });
  socket.on('wall:snapshot', (snapshot) => wallData.set(applySnapshot(snapshot)));
  socket.on('wall:delta', (delta) => {
    const next = applyDelta(wallData.get(), delta);
    if (next === 'gap') resync();
    else wallData.set(next);
  });
  socket.on('broadcast:progress', (progress) => wallData.set(applyBroadcastProgress(wallData.get(), progress)));
  socket.on('connect_error', (error) => {
    if (/authentication required|may not join/.test(error.message)) wallAuth.logout(error.message);
  });
}

/** The event's full history, for the panel a click opens. */
export function eventHistory(id: string) {
  return new Promise<Parameters<Parameters<WallClientToServer['event:history']>[1]>[0]>((resolve) => {
    if (!current) return resolve({ ok: false, error: 'not connected' });
    current.socket.emit('event:history', id, resolve);
  });
}

let connectedToken: string | null = null;
const follow = () => {
  const { token } = wallSession.get();
  if (token === connectedToken) return;
  connectedToken = token;
  if (token) connect(token);
  else {
    current?.socket.disconnect();
    current = null;
  }
};
wallSession.subscribe(follow);
follow();
