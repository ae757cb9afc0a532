/**
 * The wall at any moment: a recorded rainstorm hour (the city's clock at ×600) — reports, their
 * handling, a mode switch, waterlogging and an IoT alarm, a broadcast landing — watched by a live
 * wall whose picture is captured at three moments; replay of each moment shows the same. Playing
 * forward shows the mode switch at its time; opening a moment reads one keyframe and the deltas after it.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplayFrame, ReplaySnapshot, WallClientToServer, WallServerToClient, WallSnapshot, WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import { foldDelta } from '../../common/wallFold.ts';
import { applyDelta, applySnapshot, type WallState } from '../../client/realtime/wallState.ts';
import type { RunningServer } from '../../server/index.ts';
import { gridWithWorkers } from '../support/city.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

type Wall = Socket<WallServerToClient, WallClientToServer>;
type Phone = Socket<WorkerServerToClient, WorkerClientToServer>;

const SPEED = 600;
const { grid, workers: gridWorkers } = gridWithWorkers('410103001');

/** What a moment's picture is compared by: the figures, each event's state, the mode, the broadcast, the sensors, who is on duty. */
const pictureOf = (
  s: { stats: WallSnapshot['stats'] | null; events: WallSnapshot['events']; mode: WallSnapshot['mode']; broadcast: WallSnapshot['broadcast']; workers: WallSnapshot['workers'] },
  water: WallSnapshot['sensors']['water'],
  alarms: WallSnapshot['sensors']['alarms'],
) => ({
  figures: { total: s.stats!.total, open: s.stats!.open, closed: s.stats!.closed, byState: s.stats!.byState, byChannel: s.stats!.byChannel, escalatedCount: s.stats!.escalatedCount },
  states: Object.fromEntries(s.events.map((e) => [e.id, e.state])),
  mode: s.mode,
  broadcast: s.broadcast && { id: s.broadcast.id, targeted: s.broadcast.targeted },
  delivered: s.broadcast?.delivered ?? null,
  water: Object.fromEntries(water.filter((w) => w.atMs > 0).map((w) => [w.id, [w.depthCm, w.level]])),
  alarms: alarms.map((a) => a.sensorId).sort(),
  onDuty: s.workers.onDuty,
});

const database = await createTestDatabase();
afterAll(() => database?.drop());

for (const storeKind of ['sqlite', 'postgres'] as const)
  describe.skipIf(storeKind === 'postgres' && !database)(`the wall at any moment (${storeKind})`, () => {
    let server: RunningServer;
    let officer: string;
    let integration: string;
    let wall: Wall;
    let live: WallState | null = null;
    const phones: Phone[] = [];
    /** The live wall's picture at chosen moments, with the moment (the city's time of the delta it had last) and its sequence. */
    const captured: { atMs: number; seq: number; picture: ReturnType<typeof pictureOf> }[] = [];
    let modeSwitch: { sinceMs: number };

    const capture = () => {
      if (!live) throw new Error('no live wall');
      captured.push({ atMs: live.domainTimeMs, seq: live.seq, picture: pictureOf(live, live.sensors.water, live.sensors.alarms) });
    };
    /** Waits until the live wall has applied a delta that satisfies `done`. */
    const wallShows = (done: (s: WallState) => boolean, timeoutMs = 10_000) =>
      vi.waitFor(
        () => {
          if (!live || !done(live)) throw new Error('the live wall does not show it yet');
        },
        { timeout: timeoutMs, interval: 10 },
      );
    const snapshotAt = async (atMs: number, token = officer) => {
      const res = await call(server.url, 'GET', `/api/wall/snapshot?at=${atMs}`, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as ReplaySnapshot;
    };
    /** The replay of a moment once what the live wall had then is recorded (a change is recorded within a second of reaching the walls). */
    const replayOf = (moment: { atMs: number; seq: number }) =>
      vi.waitFor(
        async () => {
          const snapshot = await snapshotAt(moment.atMs);
          if (snapshot.seq < moment.seq) throw new Error(`replay at ${moment.atMs} has seq ${snapshot.seq}, the live wall had ${moment.seq}`);
          return snapshot;
        },
        { timeout: 10_000, interval: 100 },
      );

    beforeAll(async () => {
      server = await startTestServer({
        ...(storeKind === 'postgres' ? { databaseUrl: database!.url } : {}),
        wallCadenceMs: 50,
        simulationClock: true,
        replay: { keyframeEveryMs: 1500, flushEveryMs: 100 },
      });
      officer = await login(server.url, 'officer');
      integration = await login(server.url, 'integration');
      wall = await connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', await login(server.url, 'wall'));
      // As a wall page does: deltas onto the snapshot (the first, asked for once listening, as after a gap).
      const resync = async () => {
        const ack = await wall.timeout(5000).emitWithAck('wall:requestSnapshot');
        if (ack.ok) live = applySnapshot(ack.snapshot);
      };
      wall.on('wall:delta', (d) => {
        if (!live) return;
        const next = applyDelta(live, d);
        if (next === 'gap') return void resync();
        live = next;
      });
      await resync();
      await wallShows((s) => s.stats !== null);
      // A rainstorm hour in ten seconds.
      expect((await call(server.url, 'POST', '/api/clock', integration, { simulatedNowMs: Date.now(), speed: SPEED })).status).toBe(200);

      // 14:00 — reports come in; some are taken up.
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await call(server.url, 'POST', '/api/events', integration, report({ category: i % 3 ? 'roadWaterlogging' : 'pavementDamage' }))).body.id);
      for (const id of ids.slice(0, 4)) expect((await call(server.url, 'POST', `/api/events/${id}/transitions`, integration, { to: 'signed' })).status).toBe(200);
      await wallShows((s) => ids.slice(0, 4).every((id) => s.events.find((e) => e.id === id)?.state === 'signed'));
      capture();

      // The storm: the city goes into emergency mode; waterlogging points rise; a gas alarm.
      const readings = [
        { sensorId: 'WL000003', atMs: Date.now(), value: 31, unit: 'cm' },
        { sensorId: 'WL000004', atMs: Date.now(), value: 18, unit: 'cm' },
        { sensorId: 'GL000042', atMs: Date.now(), value: 62, unit: '%LEL' },
      ];
      expect((await call(server.url, 'POST', '/api/sensors/readings', integration, { readings })).status).toBe(200);
      const switched = await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨红色预警' });
      expect(switched.status).toBe(200);
      modeSwitch = switched.body.mode;
      for (const id of ids.slice(4, 8)) expect((await call(server.url, 'POST', `/api/events/${id}/transitions`, integration, { to: 'signed' })).status).toBe(200);
      await wallShows(
        (s) => s.mode.mode === 'emergency' && s.sensors.alarms.some((a) => a.sensorId === 'GL000042') && ids.slice(4, 8).every((id) => s.events.find((e) => e.id === id)?.state === 'signed'),
      );
      capture();

      // A broadcast to one grid; two of its phones have it.
      for (const id of gridWorkers.slice(0, 3)) phones.push(await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, id)));
      const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
        content: { title: '积水点转移', body: '请立即排查辖区低洼地带。', priority: 'flash', requiresConfirmation: true, exercise: false },
        scope: { grids: [grid.code] },
      });
      expect(sent.status).toBe(201);
      for (const phone of phones.slice(0, 2)) expect(await phone.timeout(5000).emitWithAck('broadcast:delivered', sent.body.id)).toEqual({ ok: true });
      for (const id of ids.slice(0, 2)) {
        expect((await call(server.url, 'POST', `/api/events/${id}/transitions`, integration, { to: 'handling' })).status).toBe(200);
        expect((await call(server.url, 'POST', `/api/events/${id}/transitions`, integration, { to: 'resolved' })).status).toBe(200);
      }
      await wallShows((s) => s.broadcast?.id === sent.body.id && s.broadcast?.delivered === 2 && s.events.find((e) => e.id === ids[1])?.state === 'resolved');
      capture();
    }, 60_000);

    afterAll(async () => {
      for (const socket of [wall, ...phones]) socket?.disconnect();
      await server?.stop();
    });

    it('shows at each of three moments what the live wall showed then', async () => {
      for (const moment of captured) {
        const replayed = await replayOf(moment);
        expect(replayed.replay).toMatchObject({ atMs: moment.atMs, rebuiltFrom: 'keyframe' });
        const picture = pictureOf(replayed, replayed.sensors.water, replayed.sensors.alarms);
        // The broadcast's progress within one receipt; the rest the same.
        expect(Math.abs((picture.delivered ?? 0) - (moment.picture.delivered ?? 0))).toBeLessThanOrEqual(1);
        expect({ ...picture, delivered: null }).toEqual({ ...moment.picture, delivered: null });
      }
      // The moments differ: replay is not showing now for all of them.
      expect(captured[0]!.picture.mode.mode).toBe('routine');
      expect(captured[1]!.picture.mode.mode).toBe('emergency');
      expect(captured[2]!.picture.delivered).toBe(2);
    });

    it('opens a moment from one keyframe and the deltas after it, however much is recorded', async () => {
      const store = server.deps.stores.replay;
      // Two days of an earlier run's record, written after this one's (a simulated clock restarted behind it).
      const moment = captured[1]!;
      const earlierRun = moment.atMs - 2 * 86_400_000;
      const snapshot = await snapshotAt(moment.atMs);
      for (let k = 0; k < 30; k++) {
        await store.append('key', earlierRun + k * 60_000, earlierRun + k * 60_000, 1, { reason: 'periodic', snapshot }, Date.now());
        await store.append('steps', earlierRun + k * 60_000 + 1, earlierRun + k * 60_000 + 2, 0, [], Date.now());
      }
      const keyframes = vi.spyOn(store, 'keyframeAtOrBefore');
      const steps = vi.spyOn(store, 'stepsAfter');
      const replayed = await snapshotAt(moment.atMs);
      expect(keyframes).toHaveBeenCalledTimes(1);
      expect(steps).toHaveBeenCalledTimes(1);
      const key = (await keyframes.mock.results[0]!.value)!;
      const rows = await steps.mock.results[0]!.value;
      expect(key.fromMs).toBeLessThanOrEqual(moment.atMs);
      for (const row of rows) expect([row.fromMs >= key.fromMs, row.fromMs <= moment.atMs]).toEqual([true, true]);
      const usage = await store.usageSince(0);
      expect(usage.key.rows).toBeGreaterThan(30);
      expect(rows.length).toBeLessThan(usage.steps.rows - 30);
      expect(replayed.replay.rowsRead).toBe(1 + rows.length);
      // The earlier run's rows changed nothing of this moment.
      expect(pictureOf(replayed, replayed.sensors.water, replayed.sensors.alarms)).toEqual({ ...moment.picture, delivered: replayed.broadcast?.delivered ?? null });
      keyframes.mockRestore();
      steps.mockRestore();
    });

    it('plays forward from a moment: the mode switch appears at its time, and the frames lead to the later moment', async () => {
      const [first, second] = captured as [(typeof captured)[0], (typeof captured)[0]];
      let picture: WallSnapshot = await replayOf(first);
      const frames: ReplayFrame[] = [];
      // As a wall at ×60 asks: a window at a time, each answer saying how far it got.
      for (let after = first.atMs; after < second.atMs; ) {
        const ack = await wall.timeout(5000).emitWithAck('wall:replay', { afterMs: after, untilMs: Math.min(second.atMs, after + 60_000) });
        if (!ack.ok) throw new Error(ack.error);
        frames.push(...ack.frames);
        after = ack.untilMs;
      }
      let shownAtMs: number | null = null;
      for (const frame of frames) {
        picture = frame.kind === 'keyframe' ? frame.snapshot : foldDelta(picture, frame.delta);
        if (shownAtMs === null && picture.mode.mode === 'emergency') shownAtMs = picture.domainTimeMs;
      }
      // At its time: in the first delta at or after the switch, no earlier.
      expect(shownAtMs).not.toBeNull();
      expect(shownAtMs!).toBeGreaterThanOrEqual(modeSwitch.sinceMs);
      const before = frames.filter((f) => f.kind === 'delta' && f.delta.domainTimeMs < modeSwitch.sinceMs);
      expect(before.every((f) => f.kind === 'delta' && !f.delta.mode)).toBe(true);
      expect(pictureOf(picture, picture.sensors.water, picture.sensors.alarms)).toEqual(second.picture);
    });

    it('shows the workers where their kept tracks had them at the moment: dots zoomed in, cells out', async () => {
      const phone = phones[2]!;
      const place = { lng: 113.6621, lat: 34.7512 };
      expect(await phone.timeout(5000).emitWithAck('duty:set', { onDuty: true })).toMatchObject({ ok: true });
      const fixedAtMs = Date.now();
      expect(await phone.timeout(5000).emitWithAck('position:update', { ...place, atMs: fixedAtMs, accuracyM: 10 })).toMatchObject({ ok: true });
      await vi.waitFor(async () => expect(await server.deps.stores.tracks.pointsOf(gridWorkers[2]!, fixedAtMs - 1, fixedAtMs + 1)).toHaveLength(1), { timeout: 10_000 });
      const street = { west: place.lng - 0.01, south: place.lat - 0.01, east: place.lng + 0.01, north: place.lat + 0.01, zoom: 15 };
      const then = await wall.timeout(5000).emitWithAck('workers:view', { ...street, atMs: fixedAtMs + 1000 });
      expect(then).toMatchObject({ ok: true, workers: { kind: 'dots', dots: [[place.lng, place.lat, 0]] } });
      // Before the fix, no one was there; zoomed out, the worker is counted in a cell.
      expect(await wall.timeout(5000).emitWithAck('workers:view', { ...street, atMs: fixedAtMs - 60_000 })).toMatchObject({ ok: true, workers: { kind: 'dots', dots: [] } });
      const city = await wall.timeout(5000).emitWithAck('workers:view', { west: 113.3, south: 34.5, east: 114, north: 35, zoom: 9, atMs: fixedAtMs + 1000 });
      expect(city).toMatchObject({ ok: true, workers: { kind: 'cells', onDuty: 1 } });
    });

    it('refuses a moment in the future, a malformed one, and a span too wide, changing nothing', async () => {
      const future = await call(server.url, 'GET', `/api/wall/snapshot?at=${Date.now() + 365 * 86_400_000 * 50}`, officer);
      expect(future.status).toBe(400);
      expect(future.body.error).toMatch(/future/);
      const bad = await call(server.url, 'GET', '/api/wall/snapshot?at=yesterday', officer);
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual(['at']);
      expect((await call(server.url, 'GET', '/api/wall/snapshot', officer)).status).toBe(400);
      expect((await call(server.url, 'GET', `/api/wall/snapshot?at=${Date.now()}`, await login(server.url, 'integration'))).status).toBe(403);
      const wide = await wall.timeout(5000).emitWithAck('wall:replay', { afterMs: Date.now() - 3_600_000, untilMs: Date.now() });
      expect(wide).toMatchObject({ ok: false });
      expect((wide as { error: string }).error).toMatch(/untilMs/);
    });

    it('shows a moment before the record began from the events’ histories and the mode switches', async () => {
      const { stores } = server.deps;
      const earliest = (await stores.replay.earliestMs())!;
      const template = (await stores.events.get(captured.length ? Object.keys(captured[0]!.picture.states)[0]! : ''))!;
      // Two events of an hour before the record began, one since handled, as the change feed has them.
      const atMs = earliest - 3_600_000;
      const [first] = await stores.events.reserveSequences(2);
      const eventId = (n: number) => `EV${String(n).padStart(9, '0')}`;
      const older = { ...template, id: eventId(first!), externalId: null, state: 'dispatched' as const, receivedAtMs: atMs - 60_000, reportedAtMs: atMs - 60_000 };
      const newer = { ...template, id: eventId(first! + 1), externalId: null, state: 'dispatched' as const, receivedAtMs: atMs - 30_000, reportedAtMs: atMs - 30_000 };
      await stores.events.write([older, newer].map((event) => ({ event, isNew: true, transitions: [], change: { type: 'created' as const, atMs: event.receivedAtMs } })));
      await stores.events.write([
        { event: { ...older, state: 'signed' as const, version: older.version + 1 }, isNew: false, transitions: [], change: { type: 'transitioned' as const, atMs: atMs + 60_000 } },
      ]);

      const before = await snapshotAt(atMs);
      expect(before.replay).toMatchObject({ rebuiltFrom: 'history', keyframeAtMs: null, recordedFromMs: earliest });
      expect(Object.fromEntries(before.events.map((e) => [e.id, e.state]))).toEqual({ [older.id]: 'dispatched', [newer.id]: 'dispatched' });
      expect(before.stats.total).toBe(2);
      expect(before.mode.mode).toBe('routine');
      // Not kept for then: no depth, no one on duty — never the present shown as the past.
      expect(before.sensors.water.every((w) => w.atMs === 0 && w.depthCm === 0)).toBe(true);
      expect(before.workers.onDuty).toBe(0);
      const later = await snapshotAt(atMs + 120_000);
      expect(later.events.find((e) => e.id === older.id)!.state).toBe('signed');
    });
  });
