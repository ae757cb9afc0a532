import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SensorRecord, SensorSummary } from '../../common/domain/sensors.ts';
import type { WallClientToServer, WallServerToClient, WallSnapshot } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';
import { nextDelta } from '../support/wall.ts';

type Wall = Socket<WallServerToClient, WallClientToServer>;

const reading = (sensorId: string, value: number, unit: string, atMs = Date.now()) => ({ sensorId, atMs, value, unit });

describe('sensor readings, alerts and the events they open', () => {
  let server: RunningServer;
  let gateway: string;
  let officer: string;
  let wall: Wall;
  let snapshot: WallSnapshot;
  const post = (readings: unknown[]) => call(server.url, 'POST', '/api/sensors/readings', gateway, { readings });
  const eventOf = async (sensorId: string) => {
    const { body } = await call(server.url, 'GET', '/api/events?limit=500', officer);
    return (body.events as { id: string; externalId: string | null; state: string; category: string; channel: string }[]).filter((e) => e.externalId?.startsWith(`${sensorId}@`));
  };

  beforeAll(async () => {
    server = await startTestServer({ wallCadenceMs: 100 });
    gateway = await login(server.url, 'integration');
    officer = await login(server.url, 'officer');
    wall = await connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', await login(server.url, 'wall'));
    snapshot = await new Promise<WallSnapshot>((resolve) => wall.emit('wall:requestSnapshot', (ack) => ack.ok && resolve(ack.snapshot)));
  });
  afterAll(async () => {
    wall?.disconnect();
    await server?.stop();
  });

  it('refuses a bad batch whole, naming the field, and changes nothing', async () => {
    const before = (await call(server.url, 'GET', '/api/sensors/summary', officer)).body as SensorSummary;
    const cases: [unknown[], string][] = [
      [[reading('WL000001', 5, 'cm'), reading('XX000001', 5, 'cm')], 'readings.1.sensorId'],
      [[reading('WL000002', 5, 'mm')], 'readings.0.unit'],
      [[reading('GL000001', 5, '%LEL', Date.now() + 10 * 60_000)], 'readings.0.atMs'],
      [[reading('GL000001', 5, '%LEL', Date.now() - 2 * 86_400_000)], 'readings.0.atMs'],
      [[{ sensorId: 'WL000003', atMs: Date.now(), value: 'deep', unit: 'cm' }], 'readings.0.value'],
      [[], 'readings'],
    ];
    for (const [readings, field] of cases) {
      const res = await post(readings);
      expect(res.status, field).toBe(400);
      expect(res.body.fields).toEqual([field]);
      expect(res.body.error).toContain(field);
    }
    const noToken = await call(server.url, 'POST', '/api/sensors/readings', null, { readings: [reading('WL000001', 5, 'cm')] });
    expect(noToken.status).toBe(401);
    const wallToken = await login(server.url, 'wall');
    expect((await call(server.url, 'POST', '/api/sensors/readings', wallToken, { readings: [reading('WL000001', 5, 'cm')] })).status).toBe(403);
    const after = (await call(server.url, 'GET', '/api/sensors/summary', officer)).body as SensorSummary;
    expect(after.byKind).toEqual(before.byKind);
    expect((await call(server.url, 'GET', '/api/sensors/WL000001', officer)).body.lastSeenMs).toBeNull();
  });

  it('counts devices and online rates per kind and district, and pages the registry', async () => {
    const summary = (await call(server.url, 'GET', '/api/sensors/summary', officer)).body as SensorSummary;
    expect(summary.byKind.waterlogging.total).toBeGreaterThanOrEqual(300);
    const iot = Object.entries(summary.byKind)
      .filter(([k]) => k !== 'waterlogging' && k !== 'camera')
      .reduce((sum, [, v]) => sum + v.total, 0);
    expect(iot).toBe(220_000);
    expect(summary.byKind.camera.total).toBe(130_000);
    expect(Object.values(summary.byDistrict).reduce((sum, d) => sum + d.total, 0)).toBe(350_000 + summary.byKind.waterlogging.total);

    const page = (await call(server.url, 'GET', '/api/sensors?kind=elevator&district=410105&limit=20&offset=10', officer)).body as { total: number; sensors: SensorRecord[] };
    expect(page.sensors).toHaveLength(20);
    expect(page.total).toBeGreaterThan(1000);
    expect(page.sensors.every((s) => s.kind === 'elevator' && s.districtCode === '410105' && s.unit === 'status')).toBe(true);
    expect((await call(server.url, 'GET', '/api/sensors?kind=volcano', officer)).body.fields).toEqual(['kind']);

    const ids = ['SD000001', 'SD000002', 'SD000003'];
    const res = await post(ids.map((id) => reading(id, 0.5, '%obs/m')));
    expect(res.body).toEqual({ accepted: 3, alertsOpened: 0, alertsClosed: 0 });
    const after = (await call(server.url, 'GET', '/api/sensors/summary', officer)).body as SensorSummary;
    expect(after.byKind.smokeDetector.online).toBe(summary.byKind.smokeDetector.online + 3);
    expect(after.lastHeardMs.iot).toBeGreaterThan(0);
    expect((await call(server.url, 'GET', '/api/sensors/SD000002', officer)).body).toMatchObject({ online: true, value: 0.5, level: 'none' });
  });

  it('opens one event per alert, keeps it while the alert lasts, and resolves it when the depth falls back', async () => {
    const id = 'WL000010';
    const t0 = Date.now() - 40 * 60_000;
    // Blue (12 cm) opens nothing in daily operation; yellow does.
    expect((await post([reading(id, 12, 'cm', t0)])).body.alertsOpened).toBe(0);
    expect(await eventOf(id)).toHaveLength(0);
    // Listening before posting: under load the delta may go out before the checks below are done.
    const risen = nextDelta(wall, (d) => !!d.sensors?.water.some((w) => w.id === id && w.depthCm >= 24));
    const rising = await post([reading(id, 24, 'cm', t0 + 60_000)]);
    // 12 → 24 cm in a minute is a fast rise: one level above yellow.
    expect(rising.body.alertsOpened).toBe(1);
    expect((await call(server.url, 'GET', `/api/sensors/${id}`, officer)).body.level).toBe('orange');
    const [opened] = await eventOf(id);
    expect(opened).toMatchObject({ channel: 'iotAlarm', category: 'roadWaterlogging', state: 'dispatched' });

    const delta = await risen;
    expect(delta.sensors!.water.find((w) => w.id === id)!.level).toBe('orange');

    // Deeper, then inside the hysteresis band (blue from 10 cm, clears below 7): still one event, still open.
    for (const [k, depth] of [
      [2, 36],
      [3, 40],
      [20, 8],
    ] as const)
      expect((await post([reading(id, depth, 'cm', t0 + k * 60_000)])).body.alertsOpened).toBe(0);
    expect(await eventOf(id)).toHaveLength(1);
    expect((await eventOf(id))[0]!.state).toBe('dispatched');

    const recovered = await post([reading(id, 3, 'cm', t0 + 25 * 60_000)]);
    expect(recovered.body.alertsClosed).toBe(1);
    const [closed] = await eventOf(id);
    expect(closed!.state).toBe('resolved');
    const history = (await call(server.url, 'GET', `/api/events/${closed!.id}`, officer)).body.history as { to: string; actor: string }[];
    expect(history.at(-1)).toMatchObject({ to: 'resolved', actor: `sensor:${id}` });

    // The wall can chart it: the depths over time, oldest first.
    const trend = await new Promise<any>((resolve) => wall.emit('sensor:trend', id, resolve));
    expect(trend.ok).toBe(true);
    expect(trend.trend.points.map((p: [number, number]) => p[1])).toEqual([12, 24, 36, 40, 8, 3]);

    // A new alert later is a new event.
    await post([reading(id, 55, 'cm', t0 + 30 * 60_000)]);
    expect(await eventOf(id)).toHaveLength(2);
  });

  it('turns IoT alarms into events of their kind and lists them on the wall', async () => {
    // Listening before posting: the delta may go out while the events are being read back.
    const alarmed = nextDelta(wall, (d) => !!d.sensors?.alarms.some((a) => a.sensorId === 'EV000100'));
    const res = await post([reading('GL000042', 62, '%LEL'), reading('WP000007', 0.05, 'MPa'), reading('EV000100', 2, 'status')]);
    expect(res.body.alertsOpened).toBe(3);
    expect((await eventOf('GL000042'))[0]!.category).toBe('gasLeak');
    expect((await eventOf('WP000007'))[0]!.category).toBe('waterMainBurst');
    expect((await eventOf('EV000100'))[0]!.category).toBe('elevatorEntrapment');
    const delta = await alarmed;
    expect(delta.sensors!.alarms.find((a) => a.sensorId === 'GL000042')).toMatchObject({ kind: 'gasLeak', level: 'red', unit: '%LEL' });

    const clearing = nextDelta(wall, (d) => !!d.sensors?.alarms.some((a) => a.sensorId === 'GL000042'));
    await post([reading('GL000042', 0, '%LEL', Date.now() + 1000)]);
    expect((await eventOf('GL000042'))[0]!.state).toBe('resolved');
    const cleared = await clearing;
    expect(cleared.sensors!.alarms.find((a) => a.sensorId === 'GL000042')!.level).toBe('none');
  });

  it('sends every waterlogging point in the snapshot, and only changed points after', () => {
    expect(snapshot.sensors.water.length).toBeGreaterThanOrEqual(300);
    expect(snapshot.sensors.water[0]).toMatchObject({ id: 'WL000001', name: expect.any(String), depthCm: 0, level: 'none' });
    expect(snapshot.mode.mode).toBe('routine');
  });
});

describe('alerts survive a restart', () => {
  it('a device back to normal after a restart resolves the event it opened before', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-sensors-'));
    const databaseFile = path.join(dataDir, 'city.sqlite');
    let server = await startTestServer({ dataDir, databaseFile });
    let token = await login(server.url, 'integration');
    await call(server.url, 'POST', '/api/sensors/readings', token, { readings: [reading('MC000500', 40, 'deg')] });
    await server.stop();

    server = await startTestServer({ dataDir, databaseFile });
    try {
      token = await login(server.url, 'integration');
      expect((await call(server.url, 'GET', '/api/sensors/MC000500', token)).body.level).toBe('yellow');
      const res = await call(server.url, 'POST', '/api/sensors/readings', token, { readings: [reading('MC000500', 42, 'deg'), reading('MC000500', 0, 'deg', Date.now() + 1)] });
      expect(res.body).toMatchObject({ alertsOpened: 0, alertsClosed: 1 });
      const events = (await call(server.url, 'GET', '/api/events?limit=50', token)).body.events as { externalId: string; state: string }[];
      const mine = events.filter((e) => e.externalId?.startsWith('MC000500@'));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.state).toBe('resolved');
    } finally {
      await server.stop();
    }
  });
});
