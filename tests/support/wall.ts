import type { Socket } from 'socket.io-client';
import type { WallClientToServer, WallDelta, WallServerToClient } from '../../common/events.ts';

export type WallSocket = Socket<WallServerToClient, WallClientToServer>;

/** Waits for the first wall delta that satisfies `match`. */
export function nextDelta(socket: WallSocket, match: (d: WallDelta) => boolean, timeoutMs = 5000): Promise<WallDelta> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching wall:delta')), timeoutMs);
    const onDelta = (delta: WallDelta) => {
      if (!match(delta)) return;
      clearTimeout(timer);
      socket.off('wall:delta', onDelta);
      resolve(delta);
    };
    socket.on('wall:delta', onDelta);
  });
}
