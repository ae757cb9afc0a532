import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/**
 * 网格员考核 on both stores: what two workers did today — reports, a verification, a task handled,
 * a patrol walk — counted by the endpoint exactly as a brute-force count of what the test made,
 * per worker and per grid, for officers over their area, as JSON and CSV.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** Metres between two points, by the haversine formula: the brute force's own measure. */
function haversineKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

for (const store of ['sqlite', 'postgres'] as const)
  describe.skipIf(store === 'postgres' && !database)(`网格员考核 (${store})`, () => {
    let server: RunningServer;
    let phone: Socket<WorkerServerToClient, WorkerClientToServer>;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      server = await startTestServer(store === 'postgres' ? { databaseUrl: database!.url } : {});
      for (const name of ['W000001', 'W000002', 'officer', 'integration']) tokens[name] = await login(server.url, name);
      phone = await connectClient(server.url, 'worker', tokens.W000001);
    }, 60_000);
    afterAll(async () => {
      phone?.disconnect();
      await server?.stop();
    });
    const post = (who: string, path: string, body?: unknown) => call(server.url, 'POST', path, tokens[who]!, body);

    it('counts reports, verifications, handlings, response and patrol exactly as made, per worker and per grid', async () => {
      // W000001: two reports, a verification; W000002: one report, a task handled.
      for (const [who, lng] of [
        ['W000001', 113.61],
        ['W000001', 113.63],
        ['W000002', 113.65],
      ] as const)
        expect((await post(who, '/api/events', report({ channel: 'gridPatrol', category: 'garbage', lng, lat: 34.78 }))).status).toBe(201);
      const a = (await post('integration', '/api/events', report({ category: 'streetLightFault', lng: 113.67, lat: 34.71 }))).body.id;
      const b = (await post('integration', '/api/events', report({ category: 'treeFallen', lng: 113.69, lat: 34.71 }))).body.id;
      await post('officer', `/api/events/${a}/task`, { worker: 'W000001', kind: 'verify' });
      await post('officer', `/api/events/${b}/task`, { worker: 'W000002', kind: 'handle' });
      await post('W000001', `/api/events/${a}/task/accept`);
      await post('W000001', `/api/events/${a}/task/complete`, { outcome: 'confirmed' });
      await post('W000002', `/api/events/${b}/task/complete`, { outcome: 'handled' });

      // A walk of 4 fixes 30 s apart, 0.001° east each (inside the last 10 minutes). Positions are
      // judged on when they arrive too: the field's clock has each arrive when it is dated.
      expect(await phone.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
      const start = Date.now() - 5 * 60_000;
      const walk: [number, number][] = [0, 1, 2, 3].map((i) => [113.66 + i * 0.001, 34.75]);
      const field = server.app.field as unknown as { clock: () => number };
      const realClock = field.clock;
      try {
        for (const [i, [lng, lat]] of walk.entries()) {
          field.clock = () => start + i * 30_000 + 100;
          expect(await phone.emitWithAck('position:update', { lng, lat, atMs: start + i * 30_000, accuracyM: 5 })).toEqual({ ok: true });
        }
      } finally {
        field.clock = realClock;
      }
      const walkedKm = walk.slice(1).reduce((km, p, i) => km + haversineKm(walk[i]!, p), 0);

      // From the walk's date to today's: shortly after Beijing midnight they differ.
      const day = beijingDate(start);
      const period = `from=${day}&to=${beijingDate(Date.now())}`;
      const read = await call(server.url, 'GET', `/api/workers/assessment?level=worker&${period}`, tokens.officer!);
      expect(read.status).toBe(200);
      const byWorker = Object.fromEntries(read.body.rows.map((r: { code: string }) => [r.code, r]));
      expect(byWorker.W000001).toMatchObject({ rank: 1, reports: 2, verified: 1, handled: 0, responseMeanMs: expect.any(Number), patrolMinutes: 2 });
      expect(byWorker.W000001.patrolKm).toBeCloseTo(walkedKm, 1);
      // Completed without a separate 签收: completing signs for it too, so it has a response time.
      expect(byWorker.W000002).toMatchObject({ rank: 2, reports: 1, verified: 0, handled: 1, responseMeanMs: expect.any(Number), patrolMinutes: 0, patrolKm: 0 });

      // Per grid: the workers' grids, summed.
      const grids = (await call(server.url, 'GET', `/api/workers/assessment?level=grid&${period}`, tokens.officer!)).body.rows as { code: string; reports: number }[];
      const home = (i: number) => server.deps.directory.homeOf(i).grid;
      const expected = new Map<string, number>();
      expected.set(home(0), (expected.get(home(0)) ?? 0) + 2);
      expected.set(home(1), (expected.get(home(1)) ?? 0) + 1);
      for (const [grid, reports] of expected) expect(grids.find((g) => g.code === grid)?.reports).toBe(reports);

      const csv = await fetch(`${server.url}/api/workers/assessment?level=worker&${period}&format=csv`, { headers: { authorization: `Bearer ${tokens.officer}` } });
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]!.split(',').slice(0, 5)).toEqual(['1', 'W000001', '2', '1', '0']);

      expect(await call(server.url, 'GET', `/api/workers/assessment?from=2026-01-01&to=2026-03-01`, tokens.officer!)).toMatchObject({ status: 400, body: { fields: ['to'] } });
      expect(await call(server.url, 'GET', `/api/workers/assessment?level=city&from=${day}&to=${day}`, tokens.officer!)).toMatchObject({ status: 400, body: { fields: ['level'] } });
      expect((await call(server.url, 'GET', `/api/workers/assessment?from=${day}&to=${day}`, tokens.W000001!)).status).toBe(403);
    });
  });
