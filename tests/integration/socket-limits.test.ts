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
