import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

let server: RunningServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ maxSockets: 2 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

it('a node holding its most connections refuses the next phone and still answers the API', async () => {
  for (const id of ['W000001', 'W000002']) sockets.push((await connectClient(server.url, 'worker', await login(server.url, id))) as Socket);
  const token = await login(server.url, 'W000003');
  await expect(connectClient(server.url, 'worker', token)).rejects.toThrow();
  expect((await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) })).ok).toBe(true);
  sockets.shift()!.disconnect();
  await new Promise((r) => setTimeout(r, 200));
  sockets.push((await connectClient(server.url, 'worker', token)) as Socket);
});
