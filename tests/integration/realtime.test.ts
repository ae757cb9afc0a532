import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../common/ack.ts';
import type { GridPath } from '../../common/domain/geo.ts';
import type { ConsoleClientToServer, WallClientToServer, WallServerToClient, WallSnapshot, WorkerClientToServer } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

let server: RunningServer;
let wallToken: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  wallToken = await login(server.url, 'wall');
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
});

async function client<S2C extends object, C2S extends object>(namespace: 'wall' | 'console' | 'worker') {
  const token = namespace === 'wall' ? wallToken : await login(server.url, namespace === 'console' ? 'officer' : 'W000001');
  const socket = await connectClient<S2C, C2S>(server.url, namespace, token);
  sockets.push(socket as unknown as Socket);
  return socket;
}

describe('/wall', () => {
  it('answers wall:requestSnapshot with the current snapshot', async () => {
    const socket = await client<WallServerToClient, WallClientToServer>('wall');
    const requested = await new Promise<Ack<{ snapshot: WallSnapshot }>>((resolve) => socket.emit('wall:requestSnapshot', resolve));
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    expect(requested.snapshot.geo).toMatchObject({ districts: 16, grids: 19_582 });
    expect(Math.abs(requested.snapshot.serverTimeMs - Date.now())).toBeLessThan(5_000);
  });

  it('pushes wall:snapshot to a client that just connected', async () => {
    // Listen before the connection opens: the snapshot follows the handshake immediately.
    const socket = io(`${server.url}/wall`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: wallToken } });
    sockets.push(socket);
    const snapshot = await new Promise<WallSnapshot>((resolve, reject) => {
      socket.on('wall:snapshot', resolve);
      socket.on('connect_error', reject);
    });
    expect(snapshot.geo.microGrids).toBe(47_188);
  });
});

describe('namespace authentication', () => {
  it('refuses a connection without a token, or with a forged one', async () => {
    await expect(connectClient(server.url, 'wall')).rejects.toThrow(/authentication required/);
    await expect(connectClient(server.url, 'wall', `${wallToken.slice(0, -4)}AAAA`)).rejects.toThrow(/authentication required/);
  });

  it('admits only its own roles: officers to /console, workers to /worker', async () => {
    await expect(connectClient(server.url, 'console', wallToken)).rejects.toThrow(/may not join \/console/);
    await expect(connectClient(server.url, 'worker', await login(server.url, 'officer'))).rejects.toThrow(/may not join \/worker/);
    await expect(login(server.url, 'W999999')).rejects.toThrow(/401/);
  });
});

describe.each(['console', 'worker'] as const)('/%s geo:locate', (namespace) => {
  const locate = async (query: unknown) => {
    const socket = await client<object, ConsoleClientToServer & WorkerClientToServer>(namespace);
    return new Promise<Ack<{ path: GridPath | null }>>((resolve) => socket.emit('geo:locate', query, resolve));
  };

  it('acknowledges with the grid path', async () => {
    const ack = await locate({ lng: 113.6606, lat: 34.7545 });
    expect(ack).toMatchObject({ ok: true, path: { district: { name: '二七区' }, grid: { name: '二七塔商圈专属网格' } } });
  });

  it('acknowledges null outside the city', async () => {
    expect(await locate({ lng: 0, lat: 0 })).toEqual({ ok: true, path: null });
  });

  it('refuses bad input with { ok: false, error } naming the field', async () => {
    const ack = await locate({ lng: 'east', lat: 34.7 });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error).toMatch(/^geo:locate: lng:/);
    expect(await locate(null)).toMatchObject({ ok: false });
  });
});
