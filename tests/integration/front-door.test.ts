import type { Socket } from 'socket.io-client';
import type { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

/** An anonymous Engine.IO session from `localAddress`: the handshake, then nothing. Resolves when it is open, or refused. */
function anonymous(url: string, localAddress: string): Promise<{ ws: WebSocket; opened: boolean; closed: Promise<void> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { localAddress });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return new Promise((resolve) => {
    ws.once('message', () => resolve({ ws, opened: true, closed }));
    ws.once('error', () => resolve({ ws, opened: false, closed }));
    ws.once('unexpected-response', () => resolve({ ws, opened: false, closed }));
  });
}

let server: RunningServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ maxSockets: 3, maxPendingSockets: 60, socketSignInTimeoutMs: 1000, unsignedSocketsPerAddressPerMin: 30 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

it('never lets handshakes that do not sign in take the places of phones and walls', async () => {
  // A flood from one address: 40 Engine.IO sessions that never sign in to a namespace.
  const flood = await Promise.all(Array.from({ length: 40 }, () => anonymous(server.url, '127.0.0.2')));
  expect(flood.every((f) => f.opened)).toBe(true);
  expect(server.app.sockets().pending).toBe(40);
  // The node admits three signed-in connections: all three phones and walls get in regardless.
  for (const [namespace, user] of [
    ['worker', 'W000001'],
    ['worker', 'W000002'],
    ['wall', 'wall'],
  ] as const)
    sockets.push(await connectClient(server.url, namespace, await login(server.url, user)));
  expect(server.app.sockets().signedIn).toBe(3);
  await expect(connectClient(server.url, 'worker', await login(server.url, 'W000003'))).rejects.toThrow();
  // Sessions that have not signed in within the window are closed.
  await Promise.all(flood.map((f) => f.closed));
  expect(server.app.sockets().pending).toBe(0);
  // Their address has used its allowance of sessions without a sign-in: refused for a while; others are not.
  expect((await anonymous(server.url, '127.0.0.2')).opened).toBe(false);
  sockets.shift()!.disconnect();
  await new Promise((r) => setTimeout(r, 200));
  sockets.push(await connectClient(server.url, 'worker', await login(server.url, 'W000003')));
  expect((await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) })).ok).toBe(true);
  for (const s of sockets.splice(0)) s.disconnect();
});

it('closes a session whose sign-in to a namespace was refused, once the window passes', async () => {
  await new Promise((r) => setTimeout(r, 200));
  const refused = await connectClient(server.url, 'console', 'not-a-token').catch((error: Error) => error);
  expect(String(refused)).toMatch(/authentication required/);
  await new Promise((r) => setTimeout(r, 1500));
  expect(server.app.sockets().pending).toBe(0);
});

it("keeps nothing of a phone's upgrade for the connection's life: no request, no response, no upgrade-error listener", async () => {
  await new Promise((r) => setTimeout(r, 200));
  const phone = await connectClient(server.url, 'worker', await login(server.url, 'W000004'));
  try {
    const clients = Object.values((server.app.io.engine as unknown as { clients: Record<string, unknown> }).clients);
    expect(clients).toHaveLength(1);
    const conn = clients[0] as { request: unknown; transport: { socket: EventEmitter & { _socket: EventEmitter } } };
    expect(conn.request).toBeNull();
    const ws = conn.transport.socket;
    // The TCP socket's own listeners stay; the one that re-emitted on Engine.IO's response is gone.
    expect(
      ws._socket
        .listeners('close')
        .map(String)
        .some((listener) => /\.emit\(["']close["']\)/.test(listener)),
    ).toBe(false);
    expect(ws.listeners('error').map((listener) => listener.name)).not.toContain('onUpgradeError');
    // The phone works as before.
    const asks = phone as unknown as { emit(event: string, ack: (answer: unknown) => void): void };
    const inbox = await new Promise((resolve) => asks.emit('broadcast:inbox', resolve));
    expect(inbox).toMatchObject({ ok: true });
  } finally {
    phone.disconnect();
  }
});
