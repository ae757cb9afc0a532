import type { Namespace, Socket } from 'socket.io';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';

/** Engine.IO's connection as far as its send buffers go (the WebSocket transport holds a `ws` socket). */
interface BufferedConn {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/** A packet's payload size: characters for text (≈ bytes for JSON that is mostly ASCII), bytes for binary. */
const sizeOf = (data: unknown): number => (typeof data === 'string' ? data.length : ((data as { byteLength?: number } | undefined)?.byteLength ?? 0));

/**
 * Bytes queued for a socket and not yet taken by the kernel: the WebSocket's buffer and the
 * packets Engine.IO holds while the transport is not writable. Counting stops past `stopAtBytes`
 * so a check over a long queue stays cheap.
 */
export function bufferedBytes(socket: Socket, stopAtBytes = Number.POSITIVE_INFINITY): number {
  const conn = socket.conn as unknown as BufferedConn;
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    if (bytes > stopAtBytes) break;
    bytes += sizeOf(packet.data);
  }
  return bytes;
}

/**
 * A client that does not read (a wall whose browser hangs, a phone on a stalled network) would
 * make the server hold everything sent to it, without bound. Past `maxBytes` queued it is
 * disconnected; when it comes back it starts again from a snapshot (a wall) or its inbox (a
 * phone). Returns how many were closed.
 */
export function closeSlowConsumers(nsp: Pick<Namespace, 'sockets'>, maxBytes: number): number {
  let closed = 0;
  for (const socket of nsp.sockets.values())
    if (bufferedBytes(socket, maxBytes) > maxBytes) {
      socket.disconnect(true);
      closed++;
    }
  return closed;
}

export interface GuardedNamespace {
  name: string;
  nsp: Pick<Namespace, 'sockets'>;
  /** What one of its sockets may have queued before it is closed, bytes. */
  maxBufferedBytes: number;
  /** Checked on every nth pass only (default every pass): 20,000 phones need not be read every second. */
  everyNthPass?: number;
}

/**
 * Bounds every socket's send buffer, on every namespace of this node, on its own clock. A pass
 * over 20,000 phones reads two numbers each: well under a millisecond per thousand.
 */
export class SlowConsumerGuard {
  private task: RepeatingTask | null = null;

  constructor(
    private readonly watched: GuardedNamespace[],
    private readonly onClosed: (namespace: string, closed: number) => void,
  ) {}

  private passes = 0;

  check(): void {
    this.passes++;
    for (const { name, nsp, maxBufferedBytes, everyNthPass = 1 } of this.watched) {
      if (this.passes % everyNthPass !== 0) continue;
      const closed = closeSlowConsumers(nsp, maxBufferedBytes);
      if (closed) this.onClosed(name, closed);
    }
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.stop();
    this.task = new RepeatingTask(() => this.check(), onError);
    this.task.start(intervalMs);
  }

  stop(): void {
    this.task?.stop();
  }
}
