import { INITIAL_MODE } from '../../common/domain/modes.ts';
import { SENSOR_KINDS, type SensorSummary } from '../../common/domain/sensors.ts';
import { describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { WallDelta, WallSnapshot } from '../../common/socketCatalogue.ts';
import { applyDelta, applySnapshot, WALL_EVENTS_KEPT } from '../../client/realtime/wallState.ts';
import { LatencyHistogram } from '../../server/broadcasts/latencyHistogram.ts';
import { beijingDayStartMs, beijingHour } from '../../server/time/beijingDay.ts';
import { autoDispatchPolicy, dispatchesAtIntake, readAutoDispatch, route } from '../../server/events/routing.ts';
import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { readConfig } from '../../server/config.ts';
import { DispatchStatusBoard } from '../../server/events/dispatchStatus.ts';
import { byUrgency, deskCounts, deskEventOf, deskReasons, matchesDeskFilter } from '../../common/domain/officerDeskView.ts';
import { applyDeskDelta, applyDeskSnapshot } from '../../client/realtime/officerDeskFeed.ts';
import { epochMs } from '../../common/domain/time.ts';
import { escalationAt } from '../../server/events/sla.ts';
import { TodayAggregates } from '../../server/events/todayStats.ts';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0); // 10:00 in Beijing
const event = (overrides: Partial<CityEvent> = {}): CityEvent => ({
  id: 'EV000000001',
  externalId: null,
  channel: 'hotline12345',
  category: 'waterMainBurst',
  description: '',
  address: null,
  lng: 113.6,
  lat: 34.7,
  districtCode: '410103',
  streetCode: '410103001',
  communityCode: '410103001001',
  gridCode: '410103001001001',
  state: 'dispatched',
  duplicateOf: null,
  dispatch: { mode: 'direct', departments: ['waterSupply'] },
  reportedAtMs: T0,
  version: 1,
  receivedAtMs: T0,
  dispatchedAtMs: T0,
  signedAtMs: null,
  resolvedAtMs: null,
  satisfied: null,
  escalation: null,
  mediaUrls: [],
  ...overrides,
});

describe('Beijing day', () => {
  it('starts at 16:00 UTC the day before and counts hours in UTC+8', () => {
    expect(new Date(beijingDayStartMs(T0)).toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(beijingHour(T0)).toBe(10);
    expect(beijingHour(Date.UTC(2026, 10, 22, 16, 30))).toBe(0);
  });
});

const builtIn = ServiceCatalogue.builtIn();

describe('routing', () => {
  it('sends simple matters straight to one department, 三跨 matters to a leader', () => {
    expect(route(builtIn, 'waterMainBurst', '410105', false)).toEqual({ mode: 'direct', departments: ['waterSupply'] });
    expect(route(builtIn, 'gasLeak', '410105', false).mode).toBe('joint');
    expect(route(builtIn, 'waterMainBurst', '410105', true).mode).toBe('leader');
  });

  it('follows a city’s own catalogue: its district’s department, or all of them where the district has none', () => {
    const own = new ServiceCatalogue({
      departments: [
        { code: 'jinshui-water', name: '金水区供水', nameEn: 'Jinshui water', district: '410105' },
        { code: 'erqi-water', name: '二七区供水', nameEn: 'Erqi water', district: '410103' },
      ],
      categories: { ...builtIn.data.categories, waterMainBurst: { ...builtIn.policy('waterMainBurst'), departments: ['jinshui-water', 'erqi-water'] } },
    });
    expect(route(own, 'waterMainBurst', '410103', false)).toEqual({ mode: 'direct', departments: ['erqi-water'] });
    expect(route(own, 'waterMainBurst', '410102', false).departments).toEqual(['jinshui-water', 'erqi-water']);
  });

  it('dispatches at intake the direct categories by default, as configured otherwise; never a 三跨 report', () => {
    const byDefault = autoDispatchPolicy(readAutoDispatch(undefined), builtIn);
    expect(dispatchesAtIntake(byDefault, 'waterMainBurst', false)).toBe(true);
    expect(dispatchesAtIntake(byDefault, 'waterMainBurst', true)).toBe(false);
    expect(dispatchesAtIntake(byDefault, 'gasLeak', false)).toBe(false);
    expect(dispatchesAtIntake(byDefault, 'merchantDebt', false)).toBe(false);
    expect(dispatchesAtIntake(autoDispatchPolicy('all', builtIn), 'gasLeak', false)).toBe(true);
    expect(autoDispatchPolicy('none', builtIn).size).toBe(0);
    expect([...autoDispatchPolicy(readAutoDispatch('gasLeak, roadWaterlogging'), builtIn)].sort()).toEqual(['gasLeak', 'roadWaterlogging']);
    expect(() => readConfig({ AUTO_DISPATCH_CATEGORIES: 'gasLeak,flyingSaucer' })).toThrow(/AUTO_DISPATCH_CATEGORIES: not a category: flyingSaucer/);
    expect(readConfig({ AUTO_DISPATCH_CATEGORIES: 'all' }).autoDispatch).toBe('all');
  });
});

describe('SLA escalation', () => {
  const targets = { signInTargetMs: 5 * 60_000, signInTargetFactor: 1, handlingTimeScale: 1, services: builtIn };
  it('climbs street → district → city, one target period at a time, for sign-in', () => {
    const e = event();
    expect(escalationAt(e, T0 + 4 * 60_000, targets)).toBeNull();
    expect(escalationAt(e, T0 + 5 * 60_000, targets)?.level).toBe('street');
    expect(escalationAt(e, T0 + 10 * 60_000, targets)?.level).toBe('district');
    expect(escalationAt(e, T0 + 60 * 60_000, targets)?.level).toBe('city');
  });

  it('uses the category’s handling target once signed, and nothing once resolved', () => {
    const signed = event({ state: 'handling', signedAtMs: T0 + 60_000 });
    expect(escalationAt(signed, T0 + 3 * 3_600_000, targets)).toBeNull();
    expect(escalationAt(signed, T0 + 4 * 3_600_000, targets)).toMatchObject({ level: 'street', reason: 'handling' });
    expect(escalationAt(event({ state: 'resolved' }), T0 + 99 * 3_600_000, targets)).toBeNull();
  });

  it('keeps the same escalation object while the level holds, so nothing is rewritten', () => {
    const first = escalationAt(event(), T0 + 6 * 60_000, targets)!;
    expect(escalationAt(event({ escalation: first }), T0 + 7 * 60_000, targets)).toBe(first);
  });
});

describe('today’s aggregates', () => {
  it('count intake, closure, evaluation and sign-in incrementally', () => {
    const stats = new TodayAggregates(T0);
    const a = event();
    stats.apply(null, a);
    stats.apply(null, event({ id: 'EV000000002', duplicateOf: 'EV000000001', state: 'reported' }));
    const signed = { ...a, state: 'signed' as const, signedAtMs: T0 + 120_000 };
    stats.apply(a, signed);
    const resolved = { ...signed, state: 'resolved' as const, resolvedAtMs: T0 + 3_600_000 };
    stats.apply(signed, resolved);
    stats.apply(resolved, { ...resolved, state: 'evaluated', satisfied: false });
    const s = stats.snapshot(T0 + 3_600_000);
    expect(s).toMatchObject({ total: 1, duplicates: 1, open: 0, closed: 1, completionRate: 1, evaluated: 1, satisfied: 0, satisfactionRate: 0 });
    expect(new TodayAggregates(T0).snapshot(T0).satisfactionRate).toBeNull();
    // p90 comes from 5-second buckets and reports the bucket's upper edge.
    expect(s.signIn).toEqual({ count: 1, meanMs: 120_000, p90Ms: 125_000 });
    expect(s.byHour[10]).toBe(1);
    expect(s.byState).toEqual({ dispatched: 0, signed: 0, resolved: 0, evaluated: 1 });
    expect(s.byDistrict['410103']).toEqual({ total: 1, open: 0, closed: 1 });
  });

  it('turn the day over with an event received after midnight, before the sweep: its next step counts on the new day', () => {
    const beforeMidnight = Date.UTC(2026, 10, 22, 15, 59, 0); // 23:59 in Beijing
    const stats = new TodayAggregates(beforeMidnight);
    stats.apply(null, event({ receivedAtMs: beforeMidnight }));
    const late = event({ id: 'EV000000002', receivedAtMs: beforeMidnight + 120_000, reportedAtMs: beforeMidnight + 120_000 });
    stats.apply(null, late);
    // The sweep's own turn changes nothing more; the late event's next step is counted, not lost as NaN.
    stats.rollOver(beforeMidnight + 130_000);
    stats.apply(late, { ...late, state: 'resolved', resolvedAtMs: beforeMidnight + 180_000 });
    const s = stats.snapshot(beforeMidnight + 180_000);
    expect(s).toMatchObject({ total: 1, open: 0, closed: 1 });
    expect(s.byState).toEqual({ dispatched: 0, resolved: 1 });
    expect(s.byDistrict['410103']).toEqual({ total: 1, open: 0, closed: 1 });
  });

  it('list open escalated events and drop them once closed', () => {
    const stats = new TodayAggregates(T0);
    const e = event({ escalation: { level: 'street', reason: 'signIn', atMs: T0 } });
    stats.apply(null, e);
    expect(stats.snapshot(T0).escalated.map((x) => x.id)).toEqual([e.id]);
    stats.apply(e, { ...e, state: 'resolved', escalation: null });
    expect(stats.snapshot(T0).escalatedCount).toBe(0);
  });

  it('start a new day at Beijing midnight', () => {
    const stats = new TodayAggregates(T0);
    stats.apply(null, event());
    expect(stats.rollOver(T0 + 3_600_000)).toBe(false);
    expect(stats.rollOver(Date.UTC(2026, 10, 22, 16, 0, 1))).toBe(true);
    expect(stats.snapshot(Date.UTC(2026, 10, 22, 16, 0, 1)).total).toBe(0);
  });
});

describe('the wall’s state', () => {
  const stats = new TodayAggregates(T0).snapshot(T0);
  const dot = (id: string, receivedAtMs: number) => ({
    id,
    category: 'garbage' as const,
    channel: 'aiVideo' as const,
    state: 'dispatched' as const,
    lng: 113.6,
    lat: 34.7,
    districtCode: '410103',
    receivedAtMs,
    escalation: null,
  });
  const summary = {
    asOfMs: T0,
    byKind: Object.fromEntries(SENSOR_KINDS.map((k) => [k, { total: 0, online: 0, alarming: 0 }])) as SensorSummary['byKind'],
    byDistrict: {},
    lastHeardMs: { waterlogging: null, iot: null, camera: null },
  };
  const snapshot: WallSnapshot = {
    seq: 5,
    serverTimeMs: T0 as never,
    domainTimeMs: T0 as never,
    workers: { onDuty: 0, byDistrict: {} },
    geo: null as never,
    stats,
    events: [dot('a', 1)],
    broadcast: null,
    mode: INITIAL_MODE,
    sensors: { water: [], alarms: [], summary },
  };
  const delta = (seq: number, events = [dot('b', 2)]): WallDelta => ({
    seq,
    serverTimeMs: T0 as never,
    domainTimeMs: T0 as never,
    workers: { onDuty: 0, byDistrict: {} },
    stats,
    events,
    omitted: 0,
    newestEventId: null,
    sensors: null,
    load: { shedding: false, lagMs: 0 },
    broadcast: null,
    mode: null,
  });

  it('applies the next delta, ignores an old one and reports a gap', () => {
    const state = applySnapshot(snapshot);
    const next = applyDelta(state, delta(6));
    expect(next).not.toBe('gap');
    expect((next as typeof state).events.map((e) => e.id)).toEqual(['b', 'a']);
    expect(applyDelta(next as typeof state, delta(6))).toBe(next);
    expect(applyDelta(state, delta(8))).toBe('gap');
  });

  it('takes broadcast progress and mode switches in sequence with the rest of the delta', () => {
    const state = applySnapshot(snapshot);
    const progress = {
      id: 'BC000001',
      title: '防汛',
      priority: 'urgent' as const,
      state: 'active' as const,
      sentAtMs: T0,
      targeted: 10,
      delivered: 4,
      confirmed: 0,
      offline: 6,
      connected: 4,
      connectedReached: 4,
      connectedReachedAtMs: T0 + 170,
      waitingOffline: 6,
      p50DeliveryMs: 100,
      p99DeliveryMs: 170,
      allDeliveredAtMs: null,
      byDistrict: [],
    };
    const mode = { mode: 'emergency' as const, reason: '暴雨', actor: 'officer', sinceMs: T0 + 1 };
    const next = applyDelta(state, { ...delta(6), broadcast: progress, mode }) as typeof state;
    expect(next.broadcast).toEqual(progress);
    expect(next.mode).toEqual(mode);
    // A gap is still a gap, whatever the delta carries: the wall resyncs from a snapshot.
    expect(applyDelta(state, { ...delta(7), broadcast: progress, mode })).toBe('gap');
  });

  it('replaces a changed event rather than adding it twice, and keeps a bounded number', () => {
    const state = applySnapshot(snapshot);
    const moved = applyDelta(state, delta(6, [{ ...dot('a', 1), state: 'signed' as never }])) as typeof state;
    expect(moved.events).toHaveLength(1);
    expect(moved.events[0]!.state).toBe('signed');
    const many = Array.from({ length: WALL_EVENTS_KEPT + 10 }, (_, i) => dot(`e${i}`, i));
    expect((applyDelta(state, delta(6, many)) as typeof state).events).toHaveLength(WALL_EVENTS_KEPT);
  });
});

describe('latency histogram', () => {
  it('gives percentiles as the upper edge of 10 ms buckets, and null when empty', () => {
    const h = new LatencyHistogram();
    expect(h.percentile(0.5)).toBeNull();
    for (let ms = 0; ms < 1000; ms++) h.add(ms);
    expect(h.count).toBe(1000);
    expect(h.percentile(0.5)).toBe(500);
    expect(h.percentile(0.99)).toBe(990);
    h.add(10 * 60_000);
    expect(h.percentile(1)).toBe(120_000);
  });
});

describe('the officer’s desk: reasons, filters, counts', () => {
  const at = (overrides: Partial<CityEvent>) => deskEventOf(event(overrides), null);
  it('puts on the desk what waits on an officer, and counts each reason among the other filters', () => {
    const reported = deskEventOf(event({ id: 'EV000000010', state: 'reported', dispatch: null, dispatchedAtMs: null }), null);
    const dup = deskEventOf(event({ id: 'EV000000011', state: 'reported', duplicateOf: 'EV000000010', dispatch: null }), null);
    const overdue = deskEventOf(event({ id: 'EV000000012', state: 'dispatched', districtCode: '410105' }), T0 - 1000);
    const near = deskEventOf(event({ id: 'EV000000013', state: 'signed' }), T0 + 10 * 60_000);
    const closed = at({ id: 'EV000000014', state: 'resolved' });
    expect(deskReasons(reported, T0)).toEqual(['toAccept']);
    expect(deskReasons(dup, T0)).toEqual(['duplicate']);
    expect(deskReasons(overdue, T0)).toEqual(['overdue']);
    expect(deskReasons(near, T0)).toEqual([]);
    expect(deskReasons(closed, T0)).toEqual([]);
    const all = [reported, dup, overdue, near, closed];
    expect(all.filter((e) => matchesDeskFilter(e, { mine: true }, T0)).map((e) => e.id)).toEqual(['EV000000010', 'EV000000011', 'EV000000012']);
    expect(all.filter((e) => matchesDeskFilter(e, { sla: 'near' }, T0)).map((e) => e.id)).toEqual(['EV000000013']);
    expect(all.filter((e) => matchesDeskFilter(e, { state: 'closed' }, T0)).map((e) => e.id)).toEqual(['EV000000014']);
    expect(all.filter((e) => matchesDeskFilter(e, { state: 'open' }, T0)).map((e) => e.id)).toEqual(['EV000000010', 'EV000000012', 'EV000000013']);
    const counts = deskCounts(all, { districtCode: '410105' }, T0);
    expect(counts).toMatchObject({ total: 5, shown: 1, mine: 1, overdue: 1, near: 0 });
    expect(counts.byReason).toMatchObject({ overdue: 1, toAccept: 0 });
    expect([...all].sort(byUrgency(T0)).map((e) => e.id)).toEqual(['EV000000012', 'EV000000010', 'EV000000011', 'EV000000013', 'EV000000014']);
  });

  it('applies desk deltas in sequence only; a gap or an omission asks for a snapshot', () => {
    const base = applyDeskSnapshot({ synced: false, seq: 0, byId: new Map(), clockOffsetMs: 0, omitted: 0 }, { seq: 4, serverTimeMs: epochMs(T0), events: [at({ version: 2 })], omitted: 0 }, T0);
    expect(applyDeskDelta(base, { seq: 6, serverTimeMs: epochMs(T0), events: [], omitted: 0 }, T0)).toBeNull();
    expect(applyDeskDelta(base, { seq: 5, serverTimeMs: epochMs(T0), events: [], omitted: 3 }, T0)).toBeNull();
    const older = applyDeskDelta(base, { seq: 5, serverTimeMs: epochMs(T0), events: [at({ version: 1, state: 'reported' })], omitted: 0 }, T0)!;
    expect(older.byId.get('EV000000001')!.version).toBe(2);
    const newer = applyDeskDelta(older, { seq: 6, serverTimeMs: epochMs(T0 + 500), events: [at({ version: 3, state: 'signed' })], omitted: 0 }, T0)!;
    expect(newer).toMatchObject({ seq: 6, clockOffsetMs: 500 });
    expect(newer.byId.get('EV000000001')!.state).toBe('signed');
  });
});

describe('the dispatch status on the wall', () => {
  it('counts backlog, sign-in time, on-time resolutions, whistles outstanding and returns per department and district', () => {
    const board = new DispatchStatusBoard();
    board.reset(beijingDayStartMs(T0));
    const dispatched = event({ id: 'EV000000020', state: 'dispatched', dispatchedAtMs: T0, dispatch: { mode: 'joint', departments: ['fire', 'gas'], lead: 'gas' } });
    board.apply(null, dispatched);
    const signed = { ...dispatched, state: 'signed' as const, signedAtMs: T0 + 4 * 60_000, version: 2 };
    board.apply(dispatched, signed);
    const whistled = { ...signed, whistle: { by: 'officer', atMs: T0, deadlineAtMs: T0 + 60_000, departments: [{ code: 'fire', reportedInAtMs: null, by: null }] }, version: 3 };
    board.apply(signed, whistled);
    let s = board.snapshot();
    expect(s.byDepartment.find((r) => r.code === 'gas')).toMatchObject({ backlog: 1, signIns: 1, signInMeanMs: 4 * 60_000, whistlesOutstanding: 0 });
    expect(s.byDepartment.find((r) => r.code === 'fire')).toMatchObject({ backlog: 1, signIns: 0, signInMeanMs: null, whistlesOutstanding: 1 });
    expect(s.byDistrict.find((r) => r.code === '410103')).toMatchObject({ backlog: 1, whistlesOutstanding: 1 });
    // Escalated before it was resolved: resolved, not on time; nothing held any more.
    const late = { ...whistled, escalation: { level: 'street' as const, reason: 'handling' as const, atMs: T0 }, version: 4 };
    board.apply(whistled, late);
    board.apply(late, { ...late, state: 'resolved', resolvedAtMs: T0 + 3_600_000, escalation: null, version: 5 });
    s = board.snapshot();
    expect(s.byDepartment.find((r) => r.code === 'gas')).toMatchObject({ backlog: 0, resolved: 1, onTimeRate: 0 });
    expect(s.byDepartment.find((r) => r.code === 'fire')).toBeUndefined();
    // A return is the returning department's.
    const other = event({ id: 'EV000000021', state: 'dispatched', dispatchedAtMs: T0, dispatch: { mode: 'direct', departments: ['waterSupply'] } });
    board.apply(null, other);
    board.apply(other, { ...other, state: 'returned', version: 2 });
    expect(board.snapshot().byDepartment.find((r) => r.code === 'waterSupply')).toMatchObject({ backlog: 0, returns: 1 });
  });
});

describe('the grid workers’ day on the wall', () => {
  it('counts reports from the field on their day and verifications done today', () => {
    const today = new TodayAggregates(T0);
    const report = event({ id: 'EV000000030', channel: 'gridPatrol', reportedBy: 'W000001', districtCode: '410105' });
    today.apply(null, report);
    today.apply(null, event({ id: 'EV000000031' }));
    const task = { worker: 'W000002', kind: 'verify' as const, assignedBy: 'officer', assignedAtMs: T0, note: null, acceptedAtMs: T0, completedAtMs: null, outcome: null, report: null };
    const given = event({ id: 'EV000000032', task, version: 2 });
    today.apply(null, given);
    const done = { ...given, task: { ...task, completedAtMs: T0 + 60_000, outcome: 'confirmed' as const }, version: 3 };
    today.apply(given, done);
    today.apply(done, { ...done, version: 4 });
    expect(today.snapshot(T0).field).toEqual({ reports: 1, verified: 1, byDistrict: { '410105': { reports: 1, verified: 0 }, '410103': { reports: 0, verified: 1 } } });
  });
});
