import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresStore, sqliteStore, type StoreUnderTest as ContractStore, twoConnections } from '../support/contract.ts';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { eventId, type EventRepository, type EventWrite, StoreConflict, VersionConflict } from '../../server/store/eventRepository.ts';
import { DUPLICATE_CANDIDATES_SQL, PostgresEventRepository } from '../../server/store/postgresEventRepository.ts';
import { duplicateSearchCells } from '../../server/events/duplicates.ts';
import { SqliteEventRepository } from '../../server/store/sqliteEventRepository.ts';

/**
 * The event store's contract, one suite for both stores. `connect` opens another connection to
 * the same store, as a second process would: what one writes, the other reads and respects.
 */
type StoreUnderTest = ContractStore<EventRepository>;

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);
let serial = 0;

function event(sequence: number, overrides: Partial<CityEvent> = {}): CityEvent {
  return {
    id: eventId(sequence),
    externalId: null,
    channel: 'hotline12345',
    category: 'waterMainBurst',
    description: `报告 ${serial++}`,
    address: null,
    lng: 113.65,
    lat: 34.75,
    districtCode: '410103',
    streetCode: '410103001',
    communityCode: '410103001001',
    gridCode: '410103001001001',
    state: 'dispatched',
    duplicateOf: null,
    dispatch: { mode: 'direct', departments: ['waterSupply'] },
    reportedAtMs: T0,
    receivedAtMs: T0,
    dispatchedAtMs: T0,
    signedAtMs: null,
    resolvedAtMs: null,
    satisfied: null,
    escalation: null,
    mediaUrls: [],
    version: 1,
    ...overrides,
  };
}
const created = (e: CityEvent, transitions: Transition[] = []): EventWrite => ({ event: e, isNew: true, transitions, change: { type: 'created', atMs: e.receivedAtMs } });
const changed = (e: CityEvent, transitions: Transition[] = []): EventWrite => ({
  event: e,
  isNew: false,
  transitions,
  change: { type: transitions.length ? 'transitioned' : 'changed', atMs: e.receivedAtMs },
});
const step = (id: string, from: Transition['from'], to: Transition['to'], atMs: number): Transition => ({ eventId: id, from, to, actor: 'test', atMs, note: null });

/** One probe through the batch call. */
const dup = async (repo: EventRepository, probe: Parameters<EventRepository['findDuplicates']>[0][number]) => (await repo.findDuplicates([probe]))[0];

function contract(name: string, open: () => Promise<StoreUnderTest | null>) {
  describe(`the event store contract: ${name}`, () => {
    let store: StoreUnderTest | null;
    let a: EventRepository;
    let b: EventRepository;
    /** A fresh sequence number from the store itself. */
    const next = async () => (await a.reserveSequences(1))[0]!;

    twoConnections(open, (opened) => ({ store, a, b } = opened));

    it('issues sequence numbers once, whichever connection asks, however many at once', async (ctx) => {
      if (!store) return ctx.skip();
      const asks = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserveSequences(1 + (i % 7)));
      const numbers = (await Promise.all(asks)).flat();
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers.length).toBe(Array.from({ length: 40 }, (_, i) => 1 + (i % 7)).reduce((x, y) => x + y));
      // Later numbers are higher than all issued before, and come in order.
      const later = await a.reserveSequences(5);
      expect(Math.min(...later)).toBeGreaterThan(Math.max(...numbers));
      expect(later).toEqual([...later].sort((x, y) => x - y));
    });

    it('stores an event with its version and history; another connection reads it back the same', async (ctx) => {
      if (!store) return ctx.skip();
      const e = event(await next(), { externalId: 'hx-1', mediaUrls: ['https://example.org/a.jpg'] });
      await a.write([created(e, [step(e.id, null, 'reported', T0), step(e.id, 'reported', 'accepted', T0), step(e.id, 'accepted', 'filed', T0)])]);
      expect(await b.get(e.id)).toEqual(e);
      expect(await b.findByExternalKeys(['hotline12345:hx-1', 'hotline12345:never'])).toEqual(new Map([['hotline12345:hx-1', e]]));
      expect((await b.transitionsOf(e.id)).map((t) => t.to)).toEqual(['reported', 'accepted', 'filed']);
      expect(await b.get('EV999999999')).toBeNull();
      expect(await b.newestSequence()).toBeGreaterThanOrEqual(Number(e.id.slice(2)));
    });

    it('lets one of two writers holding the same version win; the other gets VersionConflict and changes nothing', async (ctx) => {
      if (!store) return ctx.skip();
      const e = event(await next());
      await a.write([created(e)]);
      const results = await Promise.allSettled([
        a.write([changed({ ...e, state: 'signed', version: 2 }, [step(e.id, 'dispatched', 'signed', T0 + 1)])]),
        b.write([changed({ ...e, state: 'returned', version: 2 }, [step(e.id, 'dispatched', 'returned', T0 + 1)])]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(VersionConflict);
      expect(refused.reason.eventId).toBe(e.id);
      const stored = (await a.get(e.id))!;
      expect(stored.version).toBe(2);
      expect(await a.transitionsOf(e.id)).toEqual([step(e.id, 'dispatched', stored.state, T0 + 1)]);
      // A write from an older version still is refused.
      await expect(b.write([changed({ ...e, state: 'handling', version: 2 })])).rejects.toBeInstanceOf(VersionConflict);
    });

    it('applies a batch whole or not at all', async (ctx) => {
      if (!store) return ctx.skip();
      const kept = event(await next());
      await a.write([created(kept)]);
      const fresh = event(await next());
      const stale = changed({ ...kept, state: 'signed', version: 5 });
      await expect(a.write([created(fresh, [step(fresh.id, null, 'reported', T0)]), stale])).rejects.toBeInstanceOf(VersionConflict);
      expect(await b.get(fresh.id)).toBeNull();
      expect(await b.transitionsOf(fresh.id)).toEqual([]);
      expect((await b.get(kept.id))!.state).toBe('dispatched');
    });

    it('refuses a second event with the same channel and external id (StoreConflict), and keeps the first', async (ctx) => {
      if (!store) return ctx.skip();
      const first = event(await next(), { externalId: 'retry-1' });
      await a.write([created(first)]);
      const again = event(await next(), { externalId: 'retry-1' });
      const error = await b.write([created(again)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflict);
      expect(error).not.toBeInstanceOf(VersionConflict);
      expect(await a.get(again.id)).toBeNull();
      expect((await a.findByExternalKeys(['hotline12345:retry-1'])).get('hotline12345:retry-1')!.id).toBe(first.id);
      // The same external id on another channel is another report.
      await a.write([created(event(await next(), { externalId: 'retry-1', channel: 'police110' }))]);
    });

    it('finds the earliest open event of the category within 150 m and 2 h, for any connection', async (ctx) => {
      if (!store) return ctx.skip();
      const at = { lng: 113.5, lat: 34.6 };
      const near = event(await next(), { category: 'manholeCover', ...at, reportedAtMs: T0 + 10 * 60_000 });
      const nearEarlier = event(await next(), { category: 'manholeCover', lng: at.lng + 0.0005, lat: at.lat, reportedAtMs: T0 });
      const closed = event(await next(), { category: 'manholeCover', ...at, reportedAtMs: T0 - 60_000, state: 'resolved' });
      const linked = event(await next(), { category: 'manholeCover', ...at, reportedAtMs: T0 - 120_000, duplicateOf: near.id, state: 'reported' });
      const farAway = event(await next(), { category: 'manholeCover', lng: at.lng + 0.003, lat: at.lat, reportedAtMs: T0 - 180_000 });
      const otherKind = event(await next(), { category: 'garbage', ...at, reportedAtMs: T0 - 240_000 });
      await a.write([near, nearEarlier, closed, linked, farAway, otherKind].map((e) => created(e)));
      expect(await dup(b, { category: 'manholeCover', ...at, atMs: T0 + 30 * 60_000 })).toBe(nearEarlier.id);
      expect(await dup(b, { category: 'manholeCover', ...at, atMs: T0 + 2 * HOUR + 5 * 60_000 })).toBe(near.id);
      expect(await dup(b, { category: 'manholeCover', ...at, atMs: T0 + 5 * HOUR })).toBeNull();
      expect(await dup(b, { category: 'fireHydrantFault', ...at, atMs: T0 })).toBeNull();
      // 150 m north is outside; 100 m is inside (a degree of latitude ≈ 111 km).
      expect(await dup(b, { category: 'manholeCover', lng: at.lng, lat: at.lat + 0.0015, atMs: T0 })).toBeNull();
      expect(await dup(b, { category: 'manholeCover', lng: at.lng, lat: at.lat + 0.0009, atMs: T0 })).toBe(nearEarlier.id);
      // A batch answers each probe as it would alone, in order.
      const probes = [
        { category: 'manholeCover' as const, ...at, atMs: T0 + 30 * 60_000 },
        { category: 'garbage' as const, ...at, atMs: T0 },
        { category: 'manholeCover' as const, ...at, atMs: T0 + 5 * HOUR },
      ];
      expect(await b.findDuplicates(probes)).toEqual([nearEarlier.id, otherKind.id, null]);
      expect(await b.findDuplicates([])).toEqual([]);
      // Closed, it is no longer a candidate.
      await a.write([changed({ ...nearEarlier, state: 'resolved', version: 2 })]);
      expect(await dup(b, { category: 'manholeCover', ...at, atMs: T0 + 30 * 60_000 })).toBe(near.id);
    });

    it('reads back the working set (since a time, or still open) oldest first, and lists newest first with filters', async (ctx) => {
      if (!store) return ctx.skip();
      const since = T0 + 100 * HOUR;
      const oldOpen = event(await next(), { receivedAtMs: since - 50 * HOUR, state: 'handling' });
      const oldClosed = event(await next(), { receivedAtMs: since - 50 * HOUR, state: 'evaluated' });
      const oldDuplicate = event(await next(), { receivedAtMs: since - 50 * HOUR, state: 'reported', duplicateOf: oldOpen.id });
      const today = event(await next(), { receivedAtMs: since + 1000, state: 'resolved' });
      await a.write([oldOpen, oldClosed, oldDuplicate, today].map((e) => created(e)));
      const working = (await b.loadWorkingSet(since)).map((e) => e.id);
      expect(working).toEqual(expect.arrayContaining([oldOpen.id, today.id]));
      expect(working).not.toContain(oldClosed.id);
      expect(working).not.toContain(oldDuplicate.id);
      expect(working.indexOf(oldOpen.id)).toBeLessThan(working.indexOf(today.id));
      expect((await b.list({ limit: 1, offset: 0, sinceMs: since })).map((e) => e.id)).toEqual([today.id]);
      expect((await b.list({ limit: 500, offset: 0, state: 'evaluated' })).map((e) => e.id)).toContain(oldClosed.id);
      const page = await b.list({ limit: 2, offset: 1 });
      expect(page).toHaveLength(2);
      expect(Number(page[0]!.id.slice(2))).toBeGreaterThan(Number(page[1]!.id.slice(2)));
    });

    it('finds an event by the reporting system’s own id on any channel, exactly', async (ctx) => {
      if (!store) return ctx.skip();
      const ticket = `12345-${serial++}`;
      const e = event(await next(), { externalId: ticket, channel: 'police110' });
      await a.write([created(e), created(event(await next(), { externalId: `${ticket}0` }))]);
      expect((await b.list({ limit: 50, offset: 0, externalId: ticket })).map((x) => x.id)).toEqual([e.id]);
      expect(await b.list({ limit: 50, offset: 0, externalId: 'no-such-ticket' })).toEqual([]);
    });

    it('records every change in the feed in commit order, once, whichever connection wrote it; retention moves the horizon', async (ctx) => {
      if (!store) return ctx.skip();
      const start = await b.newestChangeCursor();
      const ids: string[] = [];
      // Two writers at once, each a run of creations and then a change of each event.
      await Promise.all(
        [a, b].map(async (repo) => {
          for (let n = 0; n < 20; n++) {
            const e = event(await next());
            ids.push(e.id);
            await repo.write([created(e, [step(e.id, null, 'reported', T0)])]);
            await repo.write([changed({ ...e, state: 'signed', version: 2 }, [step(e.id, 'dispatched', 'signed', T0 + 1)])]);
          }
        }),
      );
      const feed = await a.changesAfter(start, 1000);
      expect(feed).toHaveLength(80);
      expect(feed.map((c) => c.cursor)).toEqual([...feed.map((c) => c.cursor)].sort((x, y) => x - y));
      expect(new Set(feed.map((c) => c.cursor)).size).toBe(80);
      for (const id of ids) {
        const mine = feed.filter((c) => c.eventId === id);
        expect(mine.map((c) => [c.type, c.event.version, c.event.state])).toEqual([
          ['created', 1, 'dispatched'],
          ['transitioned', 2, 'signed'],
        ]);
      }
      expect(await b.newestChangeCursor()).toBe(feed.at(-1)!.cursor);
      // Paged reads give the same, and the heads name each event's version.
      const firstPage = await b.changesAfter(start, 30);
      expect([...firstPage, ...(await b.changesAfter(firstPage.at(-1)!.cursor, 1000))]).toEqual(feed);
      expect((await b.changeHeadsAfter(start, 2)).map((h) => [h.cursor, h.eventId, h.version])).toEqual(feed.slice(0, 2).map((c) => [c.cursor, c.eventId, c.event.version]));
      // A refused write records no change.
      await expect(a.write([changed({ ...event(0), id: ids[0]!, version: 2 })])).rejects.toBeInstanceOf(VersionConflict);
      expect(await b.changesAfter(feed.at(-1)!.cursor, 10)).toEqual([]);

      // Retention deletes the oldest first, in batches, and the horizon says how far.
      const before = await b.changeHorizon();
      expect(await a.deleteChangesBefore(T0 + 24 * HOUR, 5)).toBe(5);
      const horizon = await b.changeHorizon();
      expect(horizon).toBeGreaterThan(before);
      expect((await b.changesAfter(0, 1))[0]!.cursor).toBeGreaterThan(horizon);
      // Never past a change still within the period: the feed after the horizon has no hole.
      const recent = event(await next());
      await a.write([{ ...created(recent), change: { type: 'created', atMs: T0 + 10 * 24 * HOUR } }]);
      expect(await a.deleteChangesBefore(T0 + 5 * 24 * HOUR, 100_000)).toBeGreaterThan(0);
      expect((await b.changesAfter(0, 10)).map((c) => c.eventId)).toEqual([recent.id]);
      expect(await a.deleteChangesBefore(T0 + 5 * 24 * HOUR, 100_000)).toBe(0);
      expect(await b.changeHorizon()).toBeLessThan((await b.changesAfter(0, 1))[0]!.cursor);
    });

    it('searches a period by receipt time, newest first, by category and open or closed, a page at a time', async (ctx) => {
      if (!store) return ctx.skip();
      const at = (days: number) => T0 - 50 * 24 * HOUR + days * 24 * HOUR;
      const made = [
        event(await next(), { category: 'streetLightFault', receivedAtMs: at(1), state: 'dispatched' }),
        event(await next(), { category: 'streetLightFault', receivedAtMs: at(1) + 1000, state: 'resolved' }),
        event(await next(), { category: 'garbage', receivedAtMs: at(1) + 2000, state: 'evaluated' }),
        event(await next(), { category: 'streetLightFault', receivedAtMs: at(3) }),
      ];
      await a.write(made.map((e) => created(e)));
      const ids = (found: CityEvent[]) => found.map((e) => e.id);
      const period = { fromMs: at(0.5), toMs: at(1.5), limit: 100, offset: 0 };
      expect(ids(await b.search(period))).toEqual([made[2]!.id, made[1]!.id, made[0]!.id]);
      expect(ids(await b.search({ ...period, category: 'streetLightFault' }))).toEqual([made[1]!.id, made[0]!.id]);
      expect(ids(await b.search({ ...period, closed: true }))).toEqual([made[2]!.id, made[1]!.id]);
      expect(ids(await b.search({ ...period, closed: false }))).toEqual([made[0]!.id]);
      expect(ids(await b.search({ ...period, limit: 2, offset: 2 }))).toEqual([made[0]!.id]);
      expect(ids(await b.search({ ...period, fromMs: at(2), toMs: at(4) }))).toEqual([made[3]!.id]);
    });

    it('keeps everything when reopened', async (ctx) => {
      if (!store) return ctx.skip();
      const e = event(await next(), { externalId: 'durable-1' });
      await a.write([created(e, [step(e.id, null, 'reported', T0)])]);
      const again = await store.connect();
      try {
        expect(await again.get(e.id)).toEqual(e);
        expect(await again.transitionsOf(e.id)).toHaveLength(1);
        const [n] = await again.reserveSequences(1);
        expect(n).toBeGreaterThan(Number(e.id.slice(2)));
      } finally {
        await again.close();
      }
    });
  });
}

contract('SQLite', () => sqliteStore((db) => new SqliteEventRepository(db)));

contract('PostgreSQL', () => postgresStore((pool) => new PostgresEventRepository(pool)));

describe('PostgreSQL looks duplicate candidates up in the open events’ cell index', () => {
  let store: StoreUnderTest | null = null;
  let pool: pg.Pool | null = null;
  let repo: EventRepository;
  twoConnections(
    () => postgresStore((p) => ((pool ??= p), new PostgresEventRepository(p))),
    (opened) => ({ store, a: repo } = opened),
  );

  it('probes the index per cell, never hashing every open event, however the statistics of a growing table stand', async (ctx) => {
    if (!store || !pool) return ctx.skip();
    // Thousands of open events of one category in a few cells, never analysed: the plan that
    // hashed them all looked cheapest on such a table.
    const first = (await repo.reserveSequences(3000))[0]!;
    const writes = Array.from({ length: 3000 }, (_, i) => created(event(first + i, { category: 'garbage', lng: 113.6 + (i % 50) * 0.0001, lat: 34.7, reportedAtMs: T0 + i })));
    for (let i = 0; i < writes.length; i += 500) await repo.write(writes.slice(i, i + 500));
    const probes = Array.from({ length: 100 }, (_, n) => duplicateSearchCells(113.6 + n * 0.001, 34.7).map((cell) => ({ n, cell })));
    const flat = probes.flat();
    const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${DUPLICATE_CANDIDATES_SQL}`, [
      flat.map((p) => p.n),
      flat.map(() => 'garbage'),
      flat.map((p) => p.cell),
      flat.map(() => T0 - 2 * HOUR),
      flat.map(() => T0 + 2 * HOUR),
    ]);
    const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
    expect(plan).toContain('"Index Name":"events_open_by_cell"');
    expect(plan).not.toContain('Hash Join');
    expect(plan).not.toContain('Seq Scan');
    // And it answers as the contract says: the earliest open one within 150 m.
    expect(await repo.findDuplicates([{ category: 'garbage', lng: 113.6, lat: 34.7, atMs: T0 + 10 }])).toEqual([writes[0]!.event.id]);
  });
});
