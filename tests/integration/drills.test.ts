import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * A drill scored: an exercise broadcast's stored receipts, per district, street and grid, equal a
 * brute-force computation over the receipts the test wrote; who never confirmed is listed with
 * their grid's leader; only exercises are scored, over the caller's area.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

type Unit = { code: string; targeted: number; delivered: number; confirmed: number; p50Ms: number | null; p90Ms: number | null; p100Ms: number | null; within10s: number };

it('scores an exercise per district, street and grid exactly as the receipts say, ranked, with who never confirmed', async () => {
  const { geo, directory, broadcastRepository } = server.deps;
  // Two streets of different districts.
  const first = geo.streets[0]!;
  const second = geo.streets.find((s) => s.district !== first.district)!;
  const officer = await login(server.url, 'officer');
  const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
    content: { title: '防汛演练', body: '请确认收到', priority: 'urgent', requiresConfirmation: true, exercise: true },
    scope: { streets: [first.code, second.code] },
  });
  expect(sent.status).toBe(201);
  const { broadcast } = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body;
  const targets = [...directory.targets(broadcast.scope)];
  // Receipts as a drill leaves them: a seventh never answered; the rest within 0–20 s; a third confirmed 5 s later.
  const latencyOf = (k: number) => (k * 7919) % 20_000;
  const rows = targets.flatMap((index, k) =>
    k % 7 === 0
      ? []
      : [{ broadcastId: broadcast.id, worker: directory.idOf(index), deliveredAtMs: broadcast.sentAtMs + latencyOf(k), confirmedAtMs: k % 3 === 0 ? broadcast.sentAtMs + latencyOf(k) + 5000 : null }],
  );
  await broadcastRepository.writeDeliveries(rows);

  const drill = await call(server.url, 'GET', `/api/drills/${broadcast.id}`, officer);
  expect(drill.status).toBe(200);

  // Brute force: for each unit, count the latencies at or under each candidate time.
  const brute = (level: 'district' | 'street' | 'grid') => {
    const units = new Map<string, { targeted: number; latencies: number[]; confirmed: number }>();
    targets.forEach((index, k) => {
      const code = directory.homeOf(index)[level];
      const unit = units.get(code) ?? { targeted: 0, latencies: [], confirmed: 0 };
      units.set(code, unit);
      unit.targeted++;
      if (k % 7 !== 0) unit.latencies.push(latencyOf(k));
      if (k % 7 !== 0 && k % 3 === 0) unit.confirmed++;
    });
    const timeTo = (latencies: number[], needed: number) => {
      const candidates = [...new Set(latencies)].sort((a, b) => a - b);
      return candidates.find((t) => latencies.filter((ms) => ms <= t).length >= needed) ?? null;
    };
    return new Map(
      [...units].map(([code, u]) => [
        code,
        {
          code,
          targeted: u.targeted,
          delivered: u.latencies.length,
          confirmed: u.confirmed,
          p50Ms: timeTo(u.latencies, Math.ceil(u.targeted * 0.5)),
          p90Ms: timeTo(u.latencies, Math.ceil(u.targeted * 0.9)),
          p100Ms: timeTo(u.latencies, u.targeted),
          within10s: u.latencies.filter((ms) => ms <= 10_000).length / u.targeted,
        },
      ]),
    );
  };
  for (const level of ['district', 'street', 'grid'] as const) {
    const listed = drill.body[`${level}s`] as (Unit & { name: string })[];
    const expected = brute(level);
    expect(new Map(listed.map(({ name: _name, ...u }) => [u.code, u]))).toEqual(expected);
    // Ranked: the most within 10 s first.
    for (let i = 1; i < listed.length; i++) expect(listed[i - 1]!.within10s).toBeGreaterThanOrEqual(listed[i]!.within10s);
  }
  expect(drill.body.districts.map((d: { name: string }) => d.name).sort()).toEqual([first.district, second.district].map((i) => geo.districts[i]!.name).sort());
  const unconfirmed = targets.filter((_, k) => k % 7 === 0 || k % 3 !== 0);
  expect(drill.body.neverConfirmedTotal).toBe(unconfirmed.length);
  const someone = drill.body.neverConfirmed.find((w: { delivered: boolean; leader: unknown }) => !w.delivered && w.leader);
  expect(someone.leader.id).toBe(directory.idOf(directory.leaderOf(someone.gridCode)));
});

it('scores only exercises, and only over the caller’s area', async () => {
  const officer = await login(server.url, 'officer');
  const plain = await call(server.url, 'POST', '/api/broadcasts', officer, { content: { title: '通知', body: '例行', priority: 'normal', requiresConfirmation: false }, scope: { city: true } });
  expect(await call(server.url, 'GET', `/api/drills/${plain.body.id}`, officer)).toMatchObject({ status: 404, body: { error: expect.stringContaining('not an exercise') } });
  const erqi = server.deps.geo.districts.find((d) => d.name === '二七区')!;
  const elsewhere = server.deps.geo.districts.find((d) => d.code !== erqi.code)!;
  const drill = await call(server.url, 'POST', '/api/broadcasts', officer, {
    content: { title: '演练', body: '演练', priority: 'normal', requiresConfirmation: true, exercise: true },
    scope: { districts: [elsewhere.code] },
  });
  expect((await call(server.url, 'GET', `/api/drills/${drill.body.id}`, await login(server.url, 'officer.erqi'))).status).toBe(404);
  expect((await call(server.url, 'GET', `/api/drills/${drill.body.id}?limit=0`, officer)).status).toBe(400);
});

it('two drills of one scope give a trend: the earlier first, this one last, each scored whole', async () => {
  const { geo, directory, broadcastRepository } = server.deps;
  const officer = await login(server.url, 'officer');
  const street = geo.streets[5]!;
  const drill = async (title: string, answeredMs: number) => {
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
      content: { title, body: '演练', priority: 'normal', requiresConfirmation: true, exercise: true },
      // The same units, named in another order the second time.
      scope: { streets: [street.code], roles: title === '第二次' ? ['gridWorker', 'gridLeader'] : ['gridLeader', 'gridWorker'] },
    });
    const { broadcast } = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, officer)).body;
    const targets = [...directory.targets(broadcast.scope)];
    await broadcastRepository.writeDeliveries(
      targets.map((index) => ({ broadcastId: broadcast.id, worker: directory.idOf(index), deliveredAtMs: broadcast.sentAtMs + answeredMs, confirmedAtMs: null })),
    );
    return { id: broadcast.id as string, targeted: targets.length };
  };
  const first = await drill('第一次', 15_000);
  const second = await drill('第二次', 4000);
  const { trend } = (await call(server.url, 'GET', `/api/drills/${second.id}`, officer)).body;
  expect(trend).toEqual([
    expect.objectContaining({ code: first.id, name: '第一次', targeted: first.targeted, delivered: first.targeted, p100Ms: 15_000, within10s: 0 }),
    expect.objectContaining({ code: second.id, name: '第二次', targeted: second.targeted, delivered: second.targeted, p100Ms: 4000, within10s: 1 }),
  ]);
  // The first drill's trend is itself alone: a later drill is no part of its past.
  expect((await call(server.url, 'GET', `/api/drills/${first.id}`, officer)).body.trend.map((t: { code: string }) => t.code)).toEqual([first.id]);
});
