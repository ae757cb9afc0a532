import type { Namespace } from 'socket.io';
import type { WallClientToServer, WallServerToClient, WallSnapshot } from '../../common/events.ts';

export type WallNamespace = Namespace<WallClientToServer, WallServerToClient>;

/** The wall is read-only: a snapshot on join, and again whenever it asks (after a gap or a reconnect). */
export function attachWallNamespace(nsp: WallNamespace, snapshot: () => WallSnapshot): void {
  nsp.on('connection', (socket) => {
    socket.emit('wall:snapshot', snapshot());
    socket.on('wall:requestSnapshot', (ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, snapshot: snapshot() });
    });
  });
}
