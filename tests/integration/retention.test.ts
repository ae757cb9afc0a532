import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/postgres.ts';
import { eventId } from '../../server/store/eventRepository.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The retention policy on both stores: a run deletes tracks, patrol days, photos and audit
 * records older than their periods (TRACK_RETENTION_DAYS and the rest) and keeps the newer ones.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());

const DAY_MS = 86_400_000;

for (const store of ['sqlite', 'postgres'] as const)
  describe.skipIf(store === 'postgres' && !database)(`retention (${store})`, () => {
    it('deletes what each period no longer keeps, and nothing newer', async () => {
      const server = await startTestServer({
        ...(store === 'postgres' ? { databaseUrl: database!.url } : {}),
        retentionDays: { tracks: 30, patrol: 60, photos: 90, audit: 120, reports: 150, changes: 150, deliveries: 150, reach: 150, replay: 150 },
      });
      try {
        const { stores, clock } = server.deps;
        const now = clock();
        const ago = (days: number) => now - days * DAY_MS;
        await stores.tracks.append(
          [31, 29].map((days) => ({ worker: 'W000001', lng: 113.66, lat: 34.75, atMs: ago(days) })),
          [61, 59].map((days) => ({ worker: 'W000001', dayStartMs: ago(days), patrolMs: 60_000, patrolM: 70 })),
        );
        for (const [id, days] of [
          ['AT00000000000000a1', 91],
          ['AT00000000000000a2', 89],
        ] as const)
          await stores.attachments.save({ id, eventId: 'E1', contentType: 'image/jpeg', width: 1, height: 1, image: Buffer.from('x'), thumbnail: Buffer.from('y'), by: 'officer', atMs: ago(days) });
        for (const days of [121, 119]) await stores.audit.append({ atMs: ago(days), actor: 'officer', action: 'mode.switched', target: `${days} days ago`, address: null, detail: null });

        // Closed events reported 151 and 149 days ago, each with its caller's name and phone.
        const filed = await call(server.url, 'POST', '/api/events', await login(server.url, 'integration'), { ...report(), reporter: { name: '王女士', phone: '13800000000' } });
        const template = (await stores.events.get(filed.body.id))!;
        const [first] = await stores.events.reserveSequences(2);
        const closed = [151, 149].map((days, i) => ({ ...template, id: eventId(first! + i), externalId: null, state: 'evaluated' as const, receivedAtMs: ago(days), reportedAtMs: ago(days) }));
        await stores.events.write(closed.map((event) => ({ event, isNew: true, transitions: [], change: { type: 'created' as const, atMs: event.receivedAtMs } })));

        // SMS sent 151 and 149 days ago (made), and one still claimed from long ago (never deleted mid-course).
        for (const [worker, days] of [
          ['W000001', 151],
          ['W000002', 149],
        ] as const) {
          await stores.sms.claim('BC000001', [{ worker, address: '10000000001', code: `code-${worker}` }], ago(days));
          await stores.sms.take({ broadcastId: 'BC000001', worker }, ago(days));
          await stores.sms.settle({ broadcastId: 'BC000001', worker }, { sent: true }, ago(days));
        }
        await stores.sms.claim('BC000001', [{ worker: 'W000003', address: '10000000003', code: 'code-W000003' }], ago(151));
        // The wall's replay record written 151 and 149 days ago (the server records today's as it runs).
        for (const days of [151, 149]) await stores.replay.append('steps', ago(days), ago(days), 1, [], ago(days));

        const horizonBefore = await stores.events.changeHorizon();
        // The feed's first change (today's report) is within its period, so none of the feed goes:
        // it is kept whole after its horizon, never with a hole (the older events' creations came after).
        expect(await server.app.retention.run()).toEqual({ tracks: 1, patrol: 1, photos: 1, audit: 1, reports: 1, changes: 0, deliveries: 0, reach: 1, replay: 1 });
        expect(await stores.events.changeHorizon()).toBe(horizonBefore);
        expect((await stores.events.changesAfter(horizonBefore, 1000)).map((c) => c.eventId)).toEqual([filed.body.id, ...closed.map((e) => e.id)]);
        const [older, newer] = await Promise.all(closed.map((e) => stores.events.get(e.id)));
        expect(older).toMatchObject({ reporter: null, version: template.version + 1, description: template.description });
        expect(newer!.reporter).toEqual({ name: '王女士', phone: '13800000000' });
        // The open event of today keeps its caller.
        expect((await stores.events.get(filed.body.id))!.reporter).toEqual({ name: '王女士', phone: '13800000000' });
        expect((await stores.tracks.pointsOf('W000001', ago(40), now)).map((p) => Math.round((now - p.atMs) / DAY_MS))).toEqual([29]);
        expect(await stores.tracks.patrolBetween(ago(100), now)).toEqual([{ worker: 'W000001', patrolMs: 60_000, patrolM: 70 }]);
        expect((await stores.attachments.listOf('E1')).map((a) => a.id)).toEqual(['AT00000000000000a2']);
        expect((await stores.audit.recent({ limit: 100, action: 'mode.switched' })).map((e) => e.target)).toEqual(['119 days ago']);
        expect((await stores.reach.attemptsOf('BC000001')).map((a) => `${a.worker}:${a.state}`)).toEqual(['W000002:made', 'W000003:claimed']);
        // Run again: nothing left to delete.
        expect(await server.app.retention.run()).toEqual({ tracks: 0, patrol: 0, photos: 0, audit: 0, reports: 0, changes: 0, deliveries: 0, reach: 0, replay: 0 });
      } finally {
        await server.stop();
      }
    });
  });
