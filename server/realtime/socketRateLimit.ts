import type { Namespace, Socket } from 'socket.io';

export interface RateLimit {
  /** Events a socket may send in a burst. */
  burst: number;
  /** Sustained events per second. */
  perSecond: number;
  /** What an event costs, by name (a snapshot is many times a lookup); 1 when unlisted. */
  costs?: Record<string, number>;
}

/** Refused events in a row after which the socket is closed: a client that ignores refusals. */
const REFUSALS_BEFORE_CLOSE = 200;

/**
 * A token bucket per socket: an event over the limit is answered `{ ok: false, error }` (when it
 * asks for an answer) and not handled; a client that keeps on regardless is disconnected. A
 * flood of `wall:requestSnapshot` costs the server at most the bucket's rate of snapshots.
 */
export function limitSocketEvents(nsp: Namespace, limit: RateLimit): void {
  nsp.on('connection', (socket: Socket) => {
    let tokens = limit.burst;
    let lastMs = Date.now();
    let refusedInARow = 0;
    socket.use((packet, next) => {
      const now = Date.now();
      tokens = Math.min(limit.burst, tokens + ((now - lastMs) / 1000) * limit.perSecond);
      lastMs = now;
      // Own keys only: an event named `toString` or `constructor` costs 1 like any other, not a function.
      const event = String(packet[0]);
      const cost = limit.costs && Object.hasOwn(limit.costs, event) ? limit.costs[event]! : 1;
      if (tokens >= cost) {
        tokens -= cost;
        refusedInARow = 0;
        return next();
      }
      const ack = packet.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error: `rate limited: at most ${limit.perSecond} requests a second` });
      if (++refusedInARow >= REFUSALS_BEFORE_CLOSE) socket.disconnect(true);
    });
  });
}
