import type { Namespace, Socket } from 'socket.io';

/** Engine.IO's connection as far as its send buffers go (the WebSocket transport holds a `ws` socket). */
interface BufferedConn {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/** An Engine.IO packet waiting in its own buffer, counted at this size, bytes (wall deltas are a few KB). */
const QUEUED_PACKET_BYTES = 4096;

/** Bytes queued for a socket and not yet taken by the kernel: the WebSocket's buffer and Engine.IO's own. */
export function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as BufferedConn;
  return (conn.transport?.socket?.bufferedAmount ?? 0) + (conn.writeBuffer?.length ?? 0) * QUEUED_PACKET_BYTES;
}

/**
 * A client that does not read (a wall whose browser hangs, a stalled network) would make the
 * server hold everything sent to it, without bound. Past `maxBytes` queued it is disconnected;
 * when it comes back it starts again from a snapshot. Returns how many were closed.
 */
export function closeSlowConsumers(nsp: Pick<Namespace, 'sockets'>, maxBytes: number): number {
  let closed = 0;
  for (const socket of nsp.sockets.values())
    if (bufferedBytes(socket) > maxBytes) {
      socket.disconnect(true);
      closed++;
    }
  return closed;
}
