import { describe, expect, it } from 'vitest';
import { bufferedBytes, closeSlowConsumers } from '../../server/realtime/slowConsumers.ts';

/** A socket as Socket.IO holds it, with what its WebSocket and Engine.IO still have to send. */
function socket(id: string, wsBytes: number, queuedPackets: number, packetBytes = 4096) {
  const s = {
    id,
    closed: false,
    conn: { writeBuffer: Array(queuedPackets).fill({ type: 'message', data: 'x'.repeat(packetBytes) }), transport: { socket: { bufferedAmount: wsBytes } } },
    disconnect: () => (s.closed = true),
  };
  return s;
}

describe('slow consumers', () => {
  it('counts what waits in the WebSocket and in Engine.IO’s own buffer', () => {
    expect(bufferedBytes(socket('a', 1000, 0) as never)).toBe(1000);
    expect(bufferedBytes(socket('b', 0, 2) as never)).toBe(8192);
    expect(bufferedBytes(socket('c', 0, 3, 1024 * 1024) as never)).toBe(3 * 1024 * 1024);
    expect(bufferedBytes({ conn: { writeBuffer: [{ data: Buffer.alloc(100) }] } } as never)).toBe(100);
    expect(bufferedBytes({ conn: {} } as never)).toBe(0);
  });

  it('disconnects only the sockets holding more than the limit', () => {
    const reading = socket('reading', 10_000, 0);
    const stalled = socket('stalled', 5_000_000, 3);
    const queued = socket('queued', 0, 2000);
    const closed = closeSlowConsumers({ sockets: new Map([reading, stalled, queued].map((s) => [s.id, s])) } as never, 4 * 1024 * 1024);
    expect(closed).toBe(2);
    expect([reading.closed, stalled.closed, queued.closed]).toEqual([false, true, true]);
  });
});
