/**
 * `npm run bench:sensors`: sustained sensor readings over REST, in batches, at rising offered
 * rates, with the wall's bandwidth at each. Baselines in the same run: the same batches ingested
 * in-process by the same SensorService (no HTTP, no JSON) — the ceiling of the domain code on
 * this machine — and the wall's bandwidth with no readings at all. Traffic goes to a server on
 * 127.0.0.1 only, bounded in time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { SENSOR_UNITS, type SensorKind, type SensorReading } from '../common/domain/sensors.ts';
import type { WallDelta } from '../common/socketCatalogue.ts';
import { seededRandom } from '../common/geo/random.ts';
import { testConfig } from '../server/config.ts';
import { buildDeps } from '../server/deps.ts';
import { createLogger } from '../server/logger.ts';
import { runOpenLoopStage } from './openLoop.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const STAGE_RATES = [10_000, 20_000, 40_000, 80_000, 160_000, 320_000];
const STAGE_SECONDS = 8;
const IDLE_SECONDS = 6;
const BATCH = 5_000;
const MAX_IN_FLIGHT = 8;
/**
 * Alarms per second, the same at every rate (a bad day's worth, raised and cleared), so the wall's
 * bandwidth shows what the rate of readings costs it: nothing beyond the changes themselves.
 */
const ALARMS_PER_SECOND = 10;

/** A value as a healthy device of each kind reports it. */
const NORMAL: Record<SensorKind, number> = {
  waterlogging: 2,
  smokeDetector: 0.2,
  manholeCover: 1,
  gasLeak: 2,
  waterPressure: 0.3,
  streetLight: 0,
  signalLamp: 0,
  elevator: 0,
  fireHydrant: 0.3,
  camera: 0,
};
const ALARM: Record<SensorKind, number> = {
  waterlogging: 35,
  smokeDetector: 9,
  manholeCover: 20,
  gasLeak: 30,
  waterPressure: 0.1,
  streetLight: 1,
  signalLamp: 1,
  elevator: 2,
  fireHydrant: 0.04,
  camera: 0,
};

// The server's registry, built the same way in this process, to draw real device ids.
const sensors = (await buildDeps(testConfig({ logLevel: 'silent', demo: false }), createLogger('silent'))).sensors!;
const registry = sensors.registry;
const random = seededRandom(11);
/** Pre-encoded batches with a placeholder for the time, filled in when sent (the server refuses stale or future readings). */
const batches = Array.from({ length: 24 }, () => {
  const readings = Array.from({ length: BATCH }, () => {
    const index = random.int(registry.size);
    const kind = registry.kindOf(index);
    return { sensorId: registry.id(index), atMs: 0, value: NORMAL[kind], unit: SENSOR_UNITS[kind] };
  });
  return { readings, parts: JSON.stringify({ readings }).split('"atMs":0') };
});
const bodyOf = (k: number) => batches[k % batches.length]!.parts.join(`"atMs":${Date.now()}`);
/** IoT devices that alarm during the run, each raised then cleared the next second. */
const alarmDevices = Array.from({ length: 400 }, () => registry.ranges.smokeDetector.start + random.int(registry.size - registry.ranges.smokeDetector.start - registry.ranges.camera.count));
let alarmSerial = 0;
const alarmBody = () => {
  const now = Date.now();
  const reading = (index: number, values: Record<SensorKind, number>) => ({
    sensorId: registry.id(index),
    atMs: now,
    value: values[registry.kindOf(index)],
    unit: SENSOR_UNITS[registry.kindOf(index)],
  });
  // Raise ten, and clear the ten raised a second ago.
  const readings = Array.from({ length: ALARMS_PER_SECOND }, (_, i) => [
    reading(alarmDevices[(alarmSerial + i) % alarmDevices.length]!, ALARM),
    reading(alarmDevices[(alarmSerial + i - ALARMS_PER_SECOND + alarmDevices.length) % alarmDevices.length]!, NORMAL),
  ]).flat();
  alarmSerial += ALARMS_PER_SECOND;
  return JSON.stringify({ readings });
};
const readingsOf = (k: number): SensorReading[] => batches[k % batches.length]!.readings.map((r) => ({ ...r, atMs: Date.now() }));

/** Baseline: the same batches straight into the same service, in this process. */
async function inProcessBaseline(): Promise<number> {
  const n = 40;
  for (let k = 0; k < 4; k++) await sensors.ingest(readingsOf(k));
  const started = performance.now();
  for (let k = 0; k < n; k++) await sensors.ingest(readingsOf(k));
  return Math.round((n * BATCH) / ((performance.now() - started) / 1000));
}

const baselinePerSecond = await inProcessBaseline();
console.log(`baseline: in-process SensorService.ingest ${baselinePerSecond.toLocaleString('en')} readings/s (batches of ${BATCH})`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-sensors-'));
const server = await startServerProcess({ DATA_DIR: dataDir, WALL_CADENCE_MS: '250' });
const login = async (username: string) =>
  (
    (await (
      await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }) })
    ).json()) as { token: string }
  ).token;
const token = await login('integration');
const wall = io(`${server.url}/wall`, { transports: ['websocket'], forceNew: true, auth: { token: await login('wall') } });
await new Promise<void>((resolve, reject) => {
  wall.once('connect', () => resolve());
  wall.once('connect_error', reject);
});
let wallBytes = 0;
wall.on('wall:delta', (delta: WallDelta) => (wallBytes += Buffer.byteLength(JSON.stringify(delta))));

// Wall bandwidth with nothing arriving (heartbeat deltas and the periodic sensor summary).
wallBytes = 0;
await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
const idleWallKiBPerSecond = +(wallBytes / 1024 / IDLE_SECONDS).toFixed(2);
console.log(`baseline: wall ${idleWallKiBPerSecond} KiB/s with no readings`);

const stages = [];
let serial = 0;
for (const rate of STAGE_RATES) {
  wallBytes = 0;
  let alarmSeconds = 0;
  let alarmFailures = 0;
  const post = (body: string) => fetch(`${server.url}/api/sensors/readings`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const run = await runOpenLoopStage({
    batchesPerSecond: rate / BATCH,
    stageSeconds: STAGE_SECONDS,
    maxInFlight: MAX_IN_FLIGHT,
    send: async () => {
      const res = await post(bodyOf(serial++));
      const body = (await res.json()) as { accepted?: number };
      return res.status === 200 ? (body.accepted ?? 0) : null;
    },
    onTick: (elapsedMs) => {
      if (elapsedMs < alarmSeconds * 1000 || alarmSeconds >= STAGE_SECONDS) return;
      alarmSeconds++;
      void post(alarmBody()).then((res) => res.status !== 200 && alarmFailures++);
    },
  });
  const { accepted, seconds, latenciesMs: sorted } = run;
  const failed = run.failedBatches * BATCH + alarmFailures;
  const stage = {
    offeredPerSecond: rate,
    ingestedPerSecond: Math.round(accepted / seconds),
    ratioToInProcessBaseline: +(accepted / seconds / baselinePerSecond).toFixed(3),
    batchP50Ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    batchP99Ms: Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? NaN),
    wallKiBPerSecond: +(wallBytes / 1024 / seconds).toFixed(2),
    wallRatioToIdle: +(wallBytes / 1024 / seconds / idleWallKiBPerSecond).toFixed(2),
    failed,
    skippedBatches: run.skippedBatches,
  };
  stages.push(stage);
  console.log(stage);
}

const summary = (await (await fetch(`${server.url}/api/sensors/summary`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
  byKind: Record<string, { online: number; alarming: number }>;
};
wall.disconnect();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
console.table(stages);
const sustained = Math.max(...stages.filter((s) => s.failed === 0 && s.skippedBatches === 0).map((s) => s.ingestedPerSecond));
console.log(`sustained without loss or backlog: ${sustained.toLocaleString('en')} readings/s; wall ${idleWallKiBPerSecond} KiB/s idle`);
writeBenchResult('sensors', {
  batchSize: BATCH,
  stageSeconds: STAGE_SECONDS,
  alarmsPerSecond: ALARMS_PER_SECOND,
  baselineInProcessReadingsPerSecond: baselinePerSecond,
  idleWallKiBPerSecond,
  sustainedReadingsPerSecond: sustained,
  devicesOnlineAtEnd: Object.values(summary.byKind).reduce((s, k) => s + k.online, 0),
  stages,
});
