/**
 * `npm run bench:replay [-- --sample-minutes 10 --opens 15 --play-seconds 30]`: the wall at any moment.
 *
 * 1. Storage: a server process (SQLite) records the walls' feed while the simulator plays a
 *    rainstorm at real speed (the city's busiest kind of hour: sensors rising, reports, a fleet of
 *    phones) for `--sample-minutes`: the bytes replay adds per day, extrapolated from the sample.
 * 2. A simulated week: the sample's rows laid end to end, shifted in time, over the seven days
 *    before now, written straight into the store; then the server again, and the time to open a
 *    moment one hour, one day and seven days back (`GET /api/wall/snapshot?at=`), `--opens` times
 *    each, worst and median. Baseline in the same run: a live wall's snapshot (`wall:requestSnapshot`).
 * 3. ×60: the wall's own replay player (client/realtime/replayPlayer.ts) playing two days back at
 *    ×60 for `--play-seconds` of the wall's time: the city's minutes played, how often it had to wait
 *    for frames (falling behind), and the slowest request for frames against the wall's tick.
 * Loopback only; bounded in rows and time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { NAMESPACES, type ReplayFrame, type ReplaySnapshot, WALL_SNAPSHOT_EVENTS, type WallClientToServer, type WallServerToClient, type WallSnapshot } from '../common/socketCatalogue.ts';
import { ReplayPlayer, type ReplayView } from '../client/realtime/replayPlayer.ts';
import { jsonCall } from './jsonCall.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const { values: args } = parseArgs({
  options: { 'sample-minutes': { type: 'string', default: '10' }, opens: { type: 'string', default: '15' }, 'play-seconds': { type: 'string', default: '30' } },
});
const SAMPLE_MS = Math.min(60, Math.max(2, Number(args['sample-minutes']))) * 60_000;
const OPENS = Math.min(100, Math.max(3, Number(args.opens)));
const PLAY_MS = Math.min(300, Math.max(5, Number(args['play-seconds']))) * 1000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const TICK_MS = 250;

/** The server's default keyframe interval (REPLAY_KEYFRAME_MS), which the sample was recorded at. */
const KEYFRAME_EVERY_MS = 300_000;

/** A recorded keyframe refilled with as many events as a snapshot carries, deflated: a busy day's keyframe, bytes. */
function fullKeyframeBytes(stored: Buffer): number {
  const keyframe = JSON.parse(inflateRawSync(stored).toString('utf8')) as { snapshot: WallSnapshot };
  const categories = ['roadWaterlogging', 'pavementDamage', 'garbage', 'illegalParking', 'noise', 'streetLightFault'] as const;
  const states = ['reported', 'dispatched', 'signed', 'handling', 'resolved'] as const;
  keyframe.snapshot.events = Array.from({ length: WALL_SNAPSHOT_EVENTS }, (_, i) => ({
    id: `EV${String(100_000 + i).padStart(9, '0')}`,
    category: categories[i % categories.length]!,
    channel: 'hotline12345' as const,
    state: states[(i * 7) % states.length]!,
    lng: +(113.4 + ((i * 7919) % 5000) / 10_000).toFixed(6),
    lat: +(34.6 + ((i * 104_729) % 3000) / 10_000).toFixed(6),
    districtCode: ['410102', '410103', '410104', '410105'][i % 4]!,
    receivedAtMs: Date.now() - i * 40_000,
    escalation: null,
  }));
  return deflateRawSync(Buffer.from(JSON.stringify(keyframe), 'utf8')).length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-replay-'));
const dbFile = path.join(dataDir, 'city-brain.sqlite');

// 1. Record a sample of a rainstorm at real speed.
console.log(`recording ${SAMPLE_MS / 60_000} min of a rainstorm at real speed…`);
let node = await startServerProcess({ DATA_DIR: dataDir });
const simulator: ChildProcess = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'simulator/index.ts',
    '--url',
    node.url,
    '--scenario',
    'rainstorm',
    '--storm-start-hours',
    '0',
    '--speed',
    '1',
    '--hours',
    String(SAMPLE_MS / 3_600_000 + 0.1),
    '--drain-hours',
    '0',
    '--workers',
    '2000',
    '--no-clock',
    '--start-hour',
    '18',
  ],
  { stdio: 'ignore' },
);
await sleep(SAMPLE_MS);
simulator.kill();
await node.stop();

const db = new Database(dbFile);
type Row = { id: number; kind: string; from_ms: number; to_ms: number; written_at: number; frames: number; body: Buffer };
const sample = db.prepare('SELECT id, kind, from_ms, to_ms, written_at, frames, body FROM wall_replay ORDER BY id').all() as Row[];
const sampleFromMs = sample[0]!.written_at;
const sampleSpanMs = sample.at(-1)!.written_at - sampleFromMs + 1000;
const bytesOf = (kind: string) => sample.filter((r) => r.kind === kind).reduce((sum, r) => sum + r.body.length, 0);
const perDay = (bytes: number) => Math.round((bytes / sampleSpanMs) * DAY_MS);
const storage: Record<string, number> = {
  sampleMinutes: +(sampleSpanMs / 60_000).toFixed(1),
  rows: sample.length,
  keyframes: sample.filter((r) => r.kind === 'key').length,
  deltasRecorded: sample.filter((r) => r.kind === 'steps').reduce((sum, r) => sum + r.frames, 0),
  keyframeKb: Math.round(bytesOf('key') / Math.max(1, sample.filter((r) => r.kind === 'key').length) / 1024),
  mbPerDay: +((perDay(bytesOf('key')) + perDay(bytesOf('steps'))) / 2 ** 20).toFixed(1),
  keyframesMbPerDay: +(perDay(bytesOf('key')) / 2 ** 20).toFixed(1),
  deltasMbPerDay: +(perDay(bytesOf('steps')) / 2 ** 20).toFixed(1),
  rowsPerDay: Math.round((sample.length / sampleSpanMs) * DAY_MS),
  // A quiet sample's keyframes hold few events; a busy day's hold the most a snapshot carries.
  fullKeyframeKb: Math.round(fullKeyframeBytes(sample.find((r) => r.kind === 'key')!.body) / 1024),
};
storage.fullDayMbPerDay = +(((storage.fullKeyframeKb! * 1024 * DAY_MS) / KEYFRAME_EVERY_MS + perDay(bytesOf('steps'))) / 2 ** 20).toFixed(1);
console.log('storage', storage);

// 2. A week of the record: the sample end to end over the seven days before now (bodies as recorded, times shifted).
console.log('writing a simulated week…');
const weekStartMs = Date.now() - WEEK_MS - 10 * 60_000;
const copies = Math.ceil(WEEK_MS / sampleSpanMs);
db.prepare('DELETE FROM wall_replay').run();
const insert = db.prepare('INSERT INTO wall_replay (kind, from_ms, to_ms, written_at, frames, body) VALUES (?, ?, ?, ?, ?, ?)');
const writeCopy = db.transaction((shiftMs: number) => {
  for (const r of sample) insert.run(r.kind, r.from_ms + shiftMs, r.to_ms + shiftMs, r.written_at + shiftMs, r.frames, r.body);
});
for (let c = 0; c < copies; c++) writeCopy(weekStartMs + c * sampleSpanMs - sampleFromMs);
const weekRows = (db.prepare('SELECT COUNT(*) AS n FROM wall_replay').get() as { n: number }).n;
db.close();
const week = { rows: weekRows, dbMb: Math.round(statSync(dbFile).size / 2 ** 20) };
console.log('week', week);

node = await startServerProcess({ DATA_DIR: dataDir });
const results: Record<string, unknown> = { sampleMinutes: storage.sampleMinutes, storage, week };
try {
  const token = (await jsonCall(`${node.url}/api/auth/login`, 'POST', null, { username: 'officer', password: 'officer-demo' })).body.token!;
  const wall = io(`${node.url}${NAMESPACES.wall}`, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false }) as unknown as import('socket.io-client').Socket<
    WallServerToClient,
    WallClientToServer
  >;
  await new Promise<void>((resolve, reject) => (wall.once('connect', () => resolve()), wall.once('connect_error', reject)));

  // Baseline: a live wall's snapshot, asked the same number of times.
  const liveMs: number[] = [];
  for (let k = 0; k < OPENS; k++) {
    const started = performance.now();
    await wall.timeout(10_000).emitWithAck('wall:requestSnapshot');
    liveMs.push(performance.now() - started);
  }
  const open = async (atMs: number) => {
    const started = performance.now();
    const res = await fetch(`${node.url}/api/wall/snapshot?at=${Math.round(atMs)}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as ReplaySnapshot;
    if (!res.ok) throw new Error(JSON.stringify(body));
    return { ms: performance.now() - started, rowsRead: body.replay.rowsRead, rebuiltFrom: body.replay.rebuiltFrom };
  };
  const opens: Record<string, unknown>[] = [];
  const now = Date.now();
  // Warm: the first requests of a process pay for its compiling; neither the baseline's nor the moments' are counted.
  for (let k = 0; k < 5; k++) await open(now - 2 * 3_600_000 - k * 60_000);
  for (const [name, backMs] of [
    ['1h', 3_600_000],
    ['1d', DAY_MS],
    ['7d', WEEK_MS - 30 * 60_000],
  ] as const) {
    // Moments spread over a keyframe interval: the deltas read after the keyframe vary from none to all.
    const runs = [];
    for (let k = 0; k < OPENS; k++) runs.push(await open(now - backMs + (k / OPENS) * 10 * 60_000));
    const ms = runs.map((r) => r.ms);
    opens.push({
      back: name,
      worstMs: +Math.max(...ms).toFixed(1),
      medianMs: +median(ms).toFixed(1),
      maxRowsRead: Math.max(...runs.map((r) => r.rowsRead)),
      from: [...new Set(runs.map((r) => r.rebuiltFrom))].join(','),
      ratioWorstToLiveSnapshotMedian: +(Math.max(...ms) / median(liveMs)).toFixed(2),
    });
    console.log(opens.at(-1));
  }
  results.liveSnapshot = { worstMs: +Math.max(...liveMs).toFixed(1), medianMs: +median(liveMs).toFixed(1) };
  results.opens = opens;

  // 3. ×60 two days back, with the wall's own player.
  const frameAskMs: number[] = [];
  const player = new ReplayPlayer(
    {
      snapshotAt: async (atMs) => {
        const res = await fetch(`${node.url}/api/wall/snapshot?at=${Math.round(atMs)}`, { headers: { authorization: `Bearer ${token}` } });
        return (await res.json()) as ReplaySnapshot;
      },
      frames: async (afterMs, untilMs) => {
        const started = performance.now();
        const ack = await wall.timeout(10_000).emitWithAck('wall:replay', { afterMs, untilMs });
        frameAskMs.push(performance.now() - started);
        if (!ack.ok) throw new Error(ack.error);
        return { frames: ack.frames as ReplayFrame[], untilMs: ack.untilMs };
      },
      liveNowMs: () => Date.now(),
    },
    () => {},
  );
  const fromMs = now - 2 * DAY_MS;
  await player.open(fromMs);
  player.play(60);
  const timer = setInterval(() => player.tick(), TICK_MS);
  await sleep(PLAY_MS);
  clearInterval(timer);
  const view: ReplayView = player.current;
  const played = view.kind === 'replay' ? view : null;
  results.playAt60 = {
    wallSeconds: PLAY_MS / 1000,
    cityMinutesPlayed: played ? +((played.atMs - fromMs) / 60_000).toFixed(1) : null,
    cityMinutesExpected: (PLAY_MS * 60) / 60_000,
    heldBackTicks: played?.heldBack ?? null,
    ticks: PLAY_MS / TICK_MS,
    frameRequests: frameAskMs.length,
    slowestFrameRequestMs: +Math.max(...frameAskMs).toFixed(1),
    medianFrameRequestMs: +median(frameAskMs).toFixed(1),
  };
  console.log('×60', results.playAt60);
  wall.disconnect();
} finally {
  await node.stop();
}
writeBenchResult('replay', results);
