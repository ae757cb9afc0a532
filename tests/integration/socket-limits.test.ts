import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it('a wall flooding snapshot requests is refused beyond its rate, stays connected, and is served again after a pause', async () => {
  const wall: Socket = await connectClient(server.url, 'wall', await login(server.url, 'wall'));
  const answers = await Promise.all(Array.from({ length: 60 }, () => wall.timeout(10_000).emitWithAck('wall:requestSnapshot')));
  const served = answers.filter((a) => a.ok).length;
  expect(served).toBeGreaterThan(0);
  // A burst of 40 tokens at 10 a snapshot: a handful served, the rest refused with a reason.
  expect(served).toBeLessThan(10);
  expect(answers.find((a) => !a.ok)).toEqual({ ok: false, error: expect.stringMatching(/rate limited/) });
  expect(wall.connected).toBe(true);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await wall.timeout(10_000).emitWithAck('wall:requestSnapshot')).ok).toBe(true);
  wall.disconnect();
});

it('a client that keeps on after being refused is disconnected', async () => {
  const phone: Socket = await connectClient(server.url, 'worker', await login(server.url, 'W000001'));
  const closed = new Promise<string>((resolve) => phone.once('disconnect', resolve));
  for (let i = 0; i < 400; i++) phone.emit('broadcast:inbox', () => {});
  expect(await closed).toBe('io server disconnect');
  expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
});

/** The TCP socket under a socket.io-client connection (WebSocket transport, Node's `ws`). */
function tcpOf(client: Socket): import('node:net').Socket {
  return (client.io.engine.transport as unknown as { ws: { _socket: import('node:net').Socket } }).ws._socket;
}

it.each([
  ['wall', 'wall'],
  ['worker', 'W000002'],
] as const)('a %s client that stops reading is disconnected once its send buffer is full; one that reads stays', async (namespace, username) => {
  const token = await login(server.url, username);
  const stalled: Socket = await connectClient(server.url, namespace, token);
  const reading: Socket = await connectClient(server.url, namespace, token);
  // The client's process goes on, but its connection is never read again: the kernel's buffers
  // fill (several MB on loopback), then the server's own queue grows.
  tcpOf(stalled).pause();
  const nsp = server.app.io.of(`/${namespace}`);
  const filler = 'x'.repeat(1024 * 1024);
  const emitTo = (id: string) => (nsp.sockets.get(id) as unknown as { emit(event: string, body: string): void } | undefined)?.emit('filler', filler);
  // 1 MiB each 100 ms to the stalled one (and each second to the reader) until the guard acts:
  // phones are checked every fifth pass, so within about 5 s of the buffer passing 1 MiB.
  const startedMs = Date.now();
  for (let tick = 0; nsp.sockets.has(stalled.id!) && Date.now() - startedMs < 15_000; tick++) {
    emitTo(stalled.id!);
    if (tick % 10 === 0) emitTo(reading.id!);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(nsp.sockets.has(stalled.id!)).toBe(false);
  expect(nsp.sockets.has(reading.id!)).toBe(true);
  expect(reading.connected).toBe(true);
  reading.disconnect();
  tcpOf(stalled).destroy();
});
