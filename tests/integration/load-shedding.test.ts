import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';
import { nextDelta, type WallSocket } from '../support/wall.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ shedEventLoopLagMs: 60, wallCadenceMs: 100 });
});
afterAll(() => server?.stop());

/** Keeps the (shared) event loop ~150 ms late, as a server past capacity is: busy turns with short gaps. */
function overload(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 150;
    while (Date.now() < until);
  }, 20);
  return () => clearInterval(timer);
}

it('past capacity, intake answers 429 with Retry-After at once, the walls keep their cadence and say the figures may be late; then it recovers', async () => {
  const token = await login(server.url, 'integration');
  const wall = (await connectClient(server.url, 'wall', await login(server.url, 'wall'))) as unknown as WallSocket;
  expect((await call(server.url, 'POST', '/api/events', token, report())).status).toBe(201);
  const calm = await nextDelta(wall, () => true);
  expect(calm.load.shedding).toBe(false);

  const stop = overload();
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const shed = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(report()) });
    expect(shed.status).toBe(429);
    expect(shed.headers.get('retry-after')).toBe('1');
    const busy = await nextDelta(wall, (d) => d.load.shedding, 10_000);
    expect(busy.load.lagMs).toBeGreaterThan(60);
  } finally {
    stop();
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect((await call(server.url, 'POST', '/api/events', token, report())).status).toBe(201);
  expect((await nextDelta(wall, (d) => !d.load.shedding, 10_000)).load.shedding).toBe(false);
  wall.disconnect();
});
