import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../common/ack.ts';
import { createLogger } from '../../server/logger.ts';
import { serveCommands } from '../../server/realtime/socketCommands.ts';

/**
 * A namespace as far as serveCommands goes: it watches for connections and puts one packet
 * middleware on each socket; the test hands that middleware packets as Socket.IO would (the ack
 * last). Unknown events and the rate limit before it are tested over a real socket.
 */
function served(handlers: Record<string, (payload: unknown) => Ack | Promise<Ack>>) {
  const nsp = new EventEmitter();
  serveCommands(nsp as never, 'worker', { 'geo:locate': () => ({ ok: true, path: null }), 'broadcast:inbox': () => ({ ok: true, items: [] }), ...handlers } as never, createLogger('silent'));
  const middlewares: ((packet: unknown[], next: () => void) => void)[] = [];
  const socket = { connected: true, use: (fn: (typeof middlewares)[number]) => middlewares.push(fn) };
  nsp.emit('connection', socket);
  const send = (packet: unknown[]) => {
    for (const middleware of middlewares) middleware(packet, () => {});
  };
  const ask = (event: string, ...args: unknown[]) => new Promise<Ack>((resolve) => send([event, ...args, resolve]));
  return { socket, send, ask };
}

describe('socket commands', () => {
  it('answer a handler that answers at once, or later, and refuse a bad payload without running it', async () => {
    const seen: unknown[] = [];
    const { ask } = served({
      'broadcast:delivered': (id) => (seen.push(id), { ok: true }),
      'broadcast:confirm': async (id) => (seen.push(id), { ok: false, error: `no broadcast ${String(id)}` }),
    });
    expect(await ask('broadcast:delivered', 'BC000001')).toEqual({ ok: true });
    expect(await ask('broadcast:confirm', 'BC000002')).toEqual({ ok: false, error: 'no broadcast BC000002' });
    expect(await ask('broadcast:delivered', 42)).toEqual({ ok: false, error: 'broadcast:delivered: payload: must be a string' });
    expect(await ask('broadcast:delivered', 'a', 'b')).toMatchObject({ ok: false, error: expect.stringMatching(/takes one argument/) });
    expect(await ask('broadcast:inbox', 'extra')).toMatchObject({ ok: false, error: expect.stringMatching(/takes no arguments/) });
    expect(seen).toEqual(['BC000001', 'BC000002']);
  });

  it('answer "internal error" when a handler throws or rejects, and carry out a command sent without an ack', async () => {
    const seen: unknown[] = [];
    const { send, ask } = served({
      'broadcast:delivered': () => {
        throw new Error('boom');
      },
      'broadcast:confirm': async (id) => {
        seen.push(id);
        throw new Error('later boom');
      },
    });
    expect(await ask('broadcast:delivered', 'BC000001')).toEqual({ ok: false, error: 'internal error' });
    expect(await ask('broadcast:confirm', 'BC000001')).toEqual({ ok: false, error: 'internal error' });
    send(['broadcast:confirm', 'BC000009']);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['BC000001', 'BC000009']);
  });

  it('hand the handler the socket it came on, and nothing to a socket that has gone', async () => {
    const from: unknown[] = [];
    const { socket, ask, send } = served({ 'broadcast:delivered': (_id: unknown, on: unknown) => (from.push(on), { ok: true }) } as never);
    expect(await ask('broadcast:delivered', 'BC000001')).toEqual({ ok: true });
    socket.connected = false;
    send(['broadcast:delivered', 'BC000002']);
    expect(from).toEqual([socket]);
  });
});
