import type { WallClientToServer, WallServerToClient } from '../../common/events.ts';
import { createSession } from '../shared/session.ts';
import { socketWhileSignedIn } from './connection.ts';
import { createStore } from './store.ts';
import { applyBroadcastProgress, applyDelta, applySnapshot, emptyWallState, type WallState } from './wallState.ts';

/**
 * The wall's one socket owner: applies the snapshot and deltas, and asks for a fresh snapshot
 * when it sees a gap. Components read `wallData`, `wallLink` and `wallSession`, never the socket.
 */
export const wallAuth = createSession('wall');
export const wallSession = wallAuth.session;
export const wallData = createStore<WallState>(emptyWallState);

const { link, current } = socketWhileSignedIn<WallServerToClient, WallClientToServer>('wall', wallAuth, (socket) => {
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
});
export const wallLink = link;

/** The event's full history, for the panel a click opens. */
export function eventHistory(id: string) {
  return new Promise<Parameters<Parameters<WallClientToServer['event:history']>[1]>[0]>((resolve) => {
    const socket = current();
    if (!socket) return resolve({ ok: false, error: 'not connected' });
    socket.emit('event:history', id, resolve);
  });
}
