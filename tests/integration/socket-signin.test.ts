import { io, Manager, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

/**
 * Every connection must sign in to an authenticated namespace (/wall, /console, /worker) within
 * SOCKET_SIGNIN_TIMEOUT_MS, whatever it joined meanwhile: the main namespace `/` admits anyone and
 * serves nothing, so idle sockets there are closed too and give back their places among the
 * MAX_PENDING_SOCKETS still signing in.
 */
const PENDING = 5;
const WINDOW_MS = 1000;

let server: RunningServer;
const open: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ maxPendingSockets: PENDING, socketSignInTimeoutMs: WINDOW_MS });
});
afterAll(async () => {
  for (const socket of open) socket.disconnect();
  await server?.stop();
});

/** A socket.io-client connection to the main namespace `/` only, connected before it resolves. */
function onMain(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Whether the server closes the socket within `ms`. */
const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (!socket.connected) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

it('closes connections that only joined `/` once the window passes, and phones and walls get their places back', async () => {
  const [wallToken, phoneToken] = [await login(server.url, 'wall'), await login(server.url, 'W000001')];
  const idle = await Promise.all(Array.from({ length: PENDING }, () => onMain(server.url)));
  expect(server.app.sockets().pending).toBe(PENDING);
  // While they hold every place of those signing in, nobody else gets in (the handshake is refused).
  await expect(connectClient(server.url, 'wall', wallToken)).rejects.toThrow();
  expect(server.app.sockets()).toEqual({ signedIn: 0, pending: PENDING });
  // Past the window they are closed, by the server …
  expect(await Promise.all(idle.map((socket) => closedWithin(socket, 5 * WINDOW_MS)))).toEqual(idle.map(() => true));
  await new Promise((r) => setTimeout(r, 100));
  expect(server.app.sockets().pending).toBe(0);
  // … and a wall and a phone get in, and stay in past the window.
  const wall = await connectClient(server.url, 'wall', wallToken);
  const phone = await connectClient(server.url, 'worker', phoneToken);
  open.push(wall as unknown as Socket, phone as unknown as Socket);
  expect(server.app.sockets()).toEqual({ signedIn: 2, pending: 0 });
  await new Promise((r) => setTimeout(r, 2 * WINDOW_MS));
  expect([wall.connected, phone.connected]).toEqual([true, true]);
  wall.disconnect();
  phone.disconnect();
});

it('keeps a signed-in connection that also has `/`, and closes it once it leaves its last signed-in namespace and stays on `/`', async () => {
  const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const main = manager.socket('/');
  const wall = manager.socket('/wall', { auth: { token: await login(server.url, 'wall') } });
  open.push(main, wall);
  await Promise.all(
    [main, wall].map((socket) => new Promise((resolve, reject) => (socket.connected ? resolve(null) : (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject))))),
  );
  expect(server.app.sockets()).toEqual({ signedIn: 1, pending: 0 });
  await new Promise((r) => setTimeout(r, 2 * WINDOW_MS));
  expect(main.connected).toBe(true);
  // The wall leaves; the connection stays open for `/` alone — and is closed within the window.
  wall.disconnect();
  expect(await closedWithin(main, 5 * WINDOW_MS)).toBe(true);
  await new Promise((r) => setTimeout(r, 100));
  expect(server.app.sockets()).toEqual({ signedIn: 0, pending: 0 });
});
