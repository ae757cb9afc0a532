import { describe, expect, it } from 'vitest';
import { INITIAL_MODE, type ModeState } from '../../common/domain/modes.ts';
import { SENSOR_KINDS, type SensorSummary } from '../../common/domain/sensors.ts';
import type { ReplayFrame, ReplaySnapshot, WallDelta, WallSnapshot } from '../../common/socketCatalogue.ts';
import { foldDelta } from '../../common/wallFold.ts';
import { ReplayPlayer, type ReplayView } from '../../client/realtime/replayPlayer.ts';
import type { WallState } from '../../client/realtime/wallState.ts';
import { momentOfQuery } from '../../client/shared/beijingMoment.ts';
import { TodayAggregates } from '../../server/events/todayStats.ts';

const T0 = Date.UTC(2026, 11, 6, 6, 0, 0); // 14:00 in Beijing
const STEP_MS = 10_000;
const SWITCH_AT_MS = T0 + 120_000;
const LIVE_AT_MS = T0 + 3_600_000;

const summary: SensorSummary = {
  asOfMs: T0,
  byKind: Object.fromEntries(SENSOR_KINDS.map((k) => [k, { total: 0, online: 0, alarming: 0 }])) as SensorSummary['byKind'],
  byDistrict: {},
  lastHeardMs: { waterlogging: null, iot: null, camera: null },
};
const stats = new TodayAggregates(T0).snapshot(T0);
const emergency: ModeState = { mode: 'emergency', sinceMs: SWITCH_AT_MS, actor: 'officer', reason: '暴雨红色预警' };
const dot = (id: string, atMs: number) => ({
  id,
  category: 'roadWaterlogging' as const,
  channel: 'iotAlarm' as const,
  state: 'dispatched' as const,
  lng: 113.6,
  lat: 34.7,
  districtCode: '410103',
  receivedAtMs: atMs,
  escalation: null,
});

/** A recorded hour: a delta every 10 s of the city's time, each with one new event; the mode switched at 14:02. */
const base: WallSnapshot = {
  seq: 40,
  serverTimeMs: T0 as never,
  domainTimeMs: T0 as never,
  geo: null as never,
  stats,
  events: [],
  broadcast: null,
  mode: INITIAL_MODE,
  sensors: { water: [], alarms: [], summary },
  workers: { onDuty: 0, byDistrict: {} },
};
const recorded: WallDelta[] = Array.from({ length: 360 }, (_, i) => {
  const atMs = T0 + (i + 1) * STEP_MS;
  return {
    seq: 41 + i,
    serverTimeMs: atMs as never,
    domainTimeMs: atMs as never,
    stats: { ...stats, total: i + 1 },
    events: [dot(`EV${i}`, atMs)],
    omitted: 0,
    newestEventId: `EV${i}`,
    sensors: null,
    load: { shedding: false, lagMs: 0 },
    broadcast: null,
    mode: atMs === SWITCH_AT_MS ? emergency : null,
    workers: { onDuty: 7, byDistrict: {} },
  };
});
const snapshotAt = (atMs: number): ReplaySnapshot => {
  let s = base;
  for (const d of recorded) if (d.domainTimeMs <= atMs) s = foldDelta(s, d);
  return { ...s, replay: { atMs, rebuiltFrom: 'keyframe', keyframeAtMs: T0, rowsRead: 1, recordedFromMs: T0 } };
};

/** The record behind a fake server, answers held until released (as a slow network), and a clock the test moves. */
function harness() {
  let realMs = 1_000_000;
  const asked: [number, number][] = [];
  const pending: (() => void)[] = [];
  const shown: { view: ReplayView; data: WallState | null }[] = [];
  const player = new ReplayPlayer(
    {
      snapshotAt: async (atMs) => snapshotAt(atMs),
      frames: (afterMs, untilMs) =>
        new Promise((resolve) => {
          asked.push([afterMs, untilMs]);
          const frames: ReplayFrame[] = recorded.filter((d) => d.domainTimeMs > afterMs && d.domainTimeMs <= untilMs).map((delta) => ({ kind: 'delta', delta }));
          pending.push(() => resolve({ frames, untilMs }));
        }),
      liveNowMs: () => LIVE_AT_MS,
    },
    (view, data) => shown.push({ view, data }),
    () => realMs,
  );
  const flush = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const last = () => shown.at(-1)!;
  /** The wall's clock moves on with the answers asked for still on their way. */
  const advanceUnanswered = (ms: number) => {
    realMs += ms;
    player.tick();
  };
  const advance = async (ms: number) => {
    advanceUnanswered(ms);
    await flush();
  };
  return { player, asked, flush, last, advance, advanceUnanswered };
}

describe('the replay player', () => {
  it('opens a moment paused, showing the wall as it was then', async () => {
    const { player, last, advance } = harness();
    await player.open(T0 + 95_000);
    expect(last().view).toMatchObject({ kind: 'replay', atMs: T0 + 95_000, playing: false, loading: false, speed: 1 });
    expect(last().data!.stats!.total).toBe(9);
    expect(last().data!.mode.mode).toBe('routine');
    await advance(5000);
    expect(last().view).toMatchObject({ atMs: T0 + 95_000 });
  });

  it('plays at ×60: the mode switch shows when the wall’s time reaches it, not before', async () => {
    const { player, last, advance, asked } = harness();
    await player.open(T0);
    // On opening, the frames ahead are asked for at once, enough for ×60 (eight minutes of the city's time).
    expect(asked).toEqual([[T0, T0 + 480_000]]);
    player.play(60);
    // They arrive before the wall's time needs them.
    await advance(0);
    const seen: { atMs: number; mode: string; total: number }[] = [];
    for (let k = 0; k < 12; k++) {
      await advance(250);
      const { view, data } = last();
      if (view.kind === 'replay') seen.push({ atMs: view.atMs, mode: data!.mode.mode, total: data!.stats!.total });
    }
    // ×60: 250 ms of the wall is 15 s of the city.
    expect(seen.map((s) => s.atMs - T0)).toEqual(Array.from({ length: 12 }, (_, k) => (k + 1) * 15_000));
    for (const s of seen) expect(s.mode).toBe(s.atMs >= SWITCH_AT_MS ? 'emergency' : 'routine');
    for (const s of seen) expect(s.total).toBe(Math.floor((s.atMs - T0) / STEP_MS));
    expect(last().view).toMatchObject({ heldBack: 0 });
  });

  it('waits for frames that have not come rather than show a moment it does not have, and says so', async () => {
    const { player, last, asked, flush, advance, advanceUnanswered } = harness();
    await player.open(T0);
    player.play(60);
    // No answer arrives: the wall's time stays where its frames end, and it counts each time it waited.
    for (let k = 0; k < 4; k++) advanceUnanswered(250);
    expect(asked).toHaveLength(1);
    expect(last().view).toMatchObject({ atMs: T0, heldBack: 4 });
    await flush();
    await advance(250);
    expect((last().view as Extract<ReplayView, { kind: 'replay' }>).atMs).toBe(T0 + 15_000);
  });

  it('steps a minute, goes back to live at the live edge and when asked', async () => {
    const { player, last, advance } = harness();
    await player.open(LIVE_AT_MS - 30_000);
    await player.step(-60_000);
    expect(last().view).toMatchObject({ atMs: LIVE_AT_MS - 90_000 });
    player.play(60);
    await advance(0);
    await advance(1000);
    await advance(1000);
    expect(last().view).toEqual({ kind: 'live' });
    await player.open(T0);
    player.live();
    expect(last().view).toEqual({ kind: 'live' });
  });
});

describe('a moment in the wall’s address', () => {
  it('reads epoch ms, and a date and time as Beijing time unless it says its offset', () => {
    expect(momentOfQuery('1765000000000')).toBe(1_765_000_000_000);
    expect(momentOfQuery('2026-12-06T14:03')).toBe(Date.UTC(2026, 11, 6, 6, 3));
    expect(momentOfQuery('2026-12-06T14:03:30')).toBe(Date.UTC(2026, 11, 6, 6, 3, 30));
    expect(momentOfQuery('2026-12-06T14:03Z')).toBe(Date.UTC(2026, 11, 6, 14, 3));
    expect(momentOfQuery('yesterday')).toBeNull();
    expect(momentOfQuery(null)).toBeNull();
  });
});
