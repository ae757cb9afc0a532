import type { Socket } from 'socket.io-client';
import type { WallClientToServer, WallDelta, WallServerToClient } from '../../common/socketCatalogue.ts';

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

/**
 * Every wall delta from now on, with when it arrived: for a change whose id is known only once
 * the request that made it has answered (its delta may arrive before the answer).
 */
export function recordDeltas(socket: WallSocket): { deltas: { delta: WallDelta; atMs: number }[]; carrying(eventId: string, timeoutMs?: number): Promise<{ delta: WallDelta; atMs: number }> } {
  const deltas: { delta: WallDelta; atMs: number }[] = [];
  socket.on('wall:delta', (delta) => deltas.push({ delta, atMs: Date.now() }));
  return {
    deltas,
    carrying: async (eventId, timeoutMs = 5000) => {
      const started = Date.now();
      for (;;) {
        const found = deltas.find((d) => d.delta.events.some((e) => e.id === eventId));
        if (found) return found;
        if (Date.now() - started > timeoutMs) throw new Error(`no wall:delta carrying ${eventId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
