import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WallClientToServer, WallServerToClient, WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/**
 * 在岗 and positions on /worker: refused off duty, outside the city, from the future, too fast,
 * too frequent or back-dated (judged on when they arrive, too); accepted ones kept on the day's track (downsampled), acknowledged once stored,
 * and read back by the worker and the officers of their area only — on both stores.
 */
type WorkerSocket = Socket<WorkerServerToClient, WorkerClientToServer>;

const database = await createTestDatabase();
afterAll(() => database?.drop());
/** The Beijing date of an instant, YYYY-MM-DD. */
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

for (const store of ['sqlite', 'postgres'] as const)
  describe.skipIf(store === 'postgres' && !database)(`a grid worker on duty (${store})`, () => {
    let server: RunningServer;
    let phone: WorkerSocket;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      server = await startTestServer(store === 'postgres' ? { databaseUrl: database!.url } : {});
      for (const name of ['W000001', 'W000002', 'officer']) tokens[name] = await login(server.url, name);
      const home = server.deps.directory.homeOf(0);
      await server.deps.trust.accounts.add('officer.home', 'officer', home.district, 'home district desk');
      await server.deps.trust.accounts.add('officer.away', 'officer', home.district === '410103' ? '410105' : '410103', 'away district desk');
      for (const name of ['officer.home', 'officer.away'])
        tokens[name] = (await call(server.url, 'POST', '/api/auth/login', null, { username: name, password: name === 'officer.home' ? 'home district desk' : 'away district desk' })).body.token;
      phone = await connectClient(server.url, 'worker', tokens.W000001);
      // Positions are judged on when they reach the server as well as on the phone's clock: the
      // field's clock is held by the test, so that a walk dated minutes apart arrives minutes apart.
      (server.app.field as unknown as { clock: () => number }).clock = () => fieldNowMs ?? Date.now();
    });
    afterAll(async () => {
      phone?.disconnect();
      await server?.stop();
    });
    let fieldNowMs: number | null = null;
    afterEach(() => void (fieldNowMs = null));
    const at = (minutesAgo: number, lng: number, lat = 34.75, accuracyM = 8) => ({ lng, lat, atMs: Date.now() - minutesAgo * 60_000, accuracyM });
    const send = (update: object) => phone.emitWithAck('position:update', update);
    /** A fix that reaches the server when it says it was taken (0.1 s later). */
    const sendOnTime = (update: { lng: number; lat: number; atMs: number; accuracyM: number }) => {
      fieldNowMs = update.atMs + 100;
      return send(update);
    };

    it('refuses positions off duty, outside the city, from the future, too fast or too frequent; keeps the rest on the day’s track', async () => {
      expect(await send(at(9, 113.66))).toEqual({ ok: false, error: expect.stringContaining('off duty') });
      expect(await phone.emitWithAck('duty:set', { onDuty: 'yes' })).toMatchObject({ ok: false });
      expect(await phone.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
      expect(await send({ lng: 113.66, lat: 34.75 })).toMatchObject({ ok: false });
      expect(await send(at(9, 116.4, 39.9))).toEqual({ ok: false, error: expect.stringContaining('outside the city') });
      expect(await send(at(-5, 113.66))).toEqual({ ok: false, error: expect.stringContaining('future') });

      const first = at(9, 113.66);
      expect(await sendOnTime(first)).toEqual({ ok: true });
      // 2 s later: too frequent; 30 s later but 5 km away: too fast (600 km/h).
      expect(await sendOnTime({ ...first, lng: 113.6605, atMs: first.atMs + 2_000 })).toEqual({ ok: false, error: expect.stringContaining('too frequent') });
      expect(await sendOnTime({ ...first, lng: 113.715, atMs: first.atMs + 30_000 })).toEqual({ ok: false, error: expect.stringContaining('too fast') });
      // Dated 30 s on but arriving 1 s after the first: too frequent as it arrives.
      fieldNowMs = first.atMs + 1_100;
      expect(await send({ ...first, lng: 113.6603, atMs: first.atMs + 30_000 })).toEqual({ ok: false, error: expect.stringContaining('too frequent') });
      // A walk: every 30 s, 30 m further east for 3 minutes, then north. The track keeps the
      // start and the corner (the walk turned there), not the straight steps between.
      for (let i = 1; i <= 6; i++) expect(await sendOnTime(at(8 - i * 0.5, 113.66 + i * 0.0003))).toEqual({ ok: true });
      for (let j = 1; j <= 3; j++) expect(await sendOnTime(at(5 - j * 0.5, 113.6618, 34.75 + j * 0.00027))).toEqual({ ok: true });

      expect(await phone.emitWithAck('duty:set', { onDuty: false })).toEqual({ ok: true, onDuty: false });
      expect(await send(at(1, 113.67))).toEqual({ ok: false, error: expect.stringContaining('off duty') });

      // The walk began 9 minutes ago: shortly after Beijing midnight it spans two dates.
      const dates = [...new Set([beijingDate(Date.now() - 10 * 60_000), beijingDate(Date.now())])];
      const points: { lng: number; atMs: number }[] = [];
      for (const date of dates) {
        const track = await call(server.url, 'GET', `/api/workers/W000001/track?date=${date}`, tokens.W000001!);
        expect(track.status).toBe(200);
        points.push(...track.body.points);
      }
      expect(points).toHaveLength(2);
      expect(points[0]).toMatchObject({ lng: 113.66, lat: 34.75 });
      expect(points[1]).toMatchObject({ lng: 113.6618, lat: 34.75 });
      const times = points.map((p) => p.atMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('judges positions on when they arrive: a burst of back-dated fixes walks nowhere', async () => {
      const second: WorkerSocket = await connectClient(server.url, 'worker', tokens.W000002);
      try {
        expect(await second.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
        // 30 fixes dated 25 s apart from 9½ minutes ago, ≈ 180 m apart (7 m/s), all arriving at once.
        const start = Date.now() - 570_000;
        const fix = (i: number) => ({ lng: +(113.66 + i * 0.002).toFixed(6), lat: 34.7, atMs: start + i * 25_000, accuracyM: 5 });
        fieldNowMs = start + 570_000;
        const acks = [];
        for (let i = 0; i < 30; i++) acks.push(await second.emitWithAck('position:update', fix(i)));
        expect(acks[0]).toEqual({ ok: true });
        for (const ack of acks.slice(1)) expect(ack).toEqual({ ok: false, error: expect.stringMatching(/too frequent|from the future/) });
        // Spaced 5 s apart as they arrive, still dated 25 s apart: a minute's worth is taken, then they are back-dated.
        const spaced = [];
        for (let j = 1; j <= 6; j++) {
          fieldNowMs = start + 570_000 + j * 5_000;
          spaced.push(await second.emitWithAck('position:update', fix(j)));
        }
        expect(spaced.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
        for (const ack of spaced.slice(3)) expect(ack).toEqual({ ok: false, error: expect.stringContaining('back-dated') });
        const dates = [...new Set([beijingDate(start), beijingDate(Date.now())])];
        let points = 0;
        for (const date of dates) points += (await call(server.url, 'GET', `/api/workers/W000002/track?date=${date}`, tokens.W000002!)).body.points.length;
        // The four fixes taken are a straight walk: the track keeps its start.
        expect(points).toBe(1);
        expect(await second.emitWithAck('duty:set', { onDuty: false })).toEqual({ ok: true, onDuty: false });
      } finally {
        second.disconnect();
      }
    });

    it('shows the walls a dot per worker in view when zoomed in, on-duty counts per cell when out', async () => {
      const wall = await connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', await login(server.url, 'wall'));
      const view = (zoom: number, west = 113.69, south = 34.75, east = 113.71, north = 34.77) => wall.emitWithAck('workers:view', { west, south, east, north, zoom });
      expect(await phone.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
      expect(await send({ lng: 113.7, lat: 34.76, atMs: Date.now(), accuracyM: 6 })).toEqual({ ok: true });
      const dots = async (zoom = 14) => {
        const ack = await view(zoom);
        if (!ack.ok || ack.workers.kind !== 'dots') throw new Error('expected dots');
        return ack.workers.dots;
      };
      expect(await dots()).toEqual([[113.7, 34.76, 0]]);
      // On a task: status 1.
      const id = (
        await call(server.url, 'POST', '/api/events', await login(server.url, 'integration'), {
          channel: 'hotline12345',
          category: 'garbage',
          description: '核查',
          location: { lng: 113.7, lat: 34.76 },
        })
      ).body.id;
      expect((await call(server.url, 'POST', `/api/events/${id}/task`, tokens.officer!, { worker: 'W000001', kind: 'verify' })).status).toBe(201);
      expect(await dots()).toEqual([[113.7, 34.76, 1]]);
      // Zoomed out: a count per ≈ 1 km cell, not a dot each.
      const out = await view(10, 113.0, 34.2, 114.3, 35.2);
      expect(out.ok && out.workers).toMatchObject({ kind: 'cells', onDuty: 1, cells: [[expect.closeTo(113.705, 3), expect.closeTo(34.765, 3), 1]] });
      // Elsewhere: nothing; off duty: offline.
      const away = await view(14, 113.5, 34.6, 113.55, 34.65);
      expect(away.ok && away.workers.kind === 'dots' && away.workers.dots).toEqual([]);
      expect(await phone.emitWithAck('duty:set', { onDuty: false })).toEqual({ ok: true, onDuty: false });
      expect(await dots()).toEqual([[113.7, 34.76, 2]]);
      expect(await wall.emitWithAck('workers:view', { west: 114, south: 34, east: 113, north: 35, zoom: 14 })).toMatchObject({ ok: false });
      wall.disconnect();
    });

    it('shows a track to the worker and the officers of their area only', async () => {
      const read = (who: string, path = `/api/workers/W000001/track?date=${beijingDate(Date.now() - 10 * 60_000)}`) => call(server.url, 'GET', path, tokens[who]!);
      expect((await read('officer')).status).toBe(200);
      expect((await read('officer.home')).status).toBe(200);
      expect((await read('officer.away')).status).toBe(403);
      expect((await read('W000002')).status).toBe(403);
      expect((await read('officer', '/api/workers/W999999/track?date=2026-01-01')).status).toBe(404);
      expect(await read('officer', '/api/workers/W000001/track?date=yesterday')).toMatchObject({ status: 400, body: { fields: ['date'] } });
      expect((await read('officer', '/api/workers/W000001/track?date=2020-01-01')).body.points).toEqual([]);
    });
  });
