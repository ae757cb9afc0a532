/**
 * `npm run bench:positions -- --workers 100000 [--nodes 6]`: grid workers' phones on duty, one
 * position every 30 s each, then a shift change's 10× burst. Starts the server (`nodes` equal
 * nodes on PostgreSQL and Redis when more than one), a simulated fleet walking their grids (lean Engine.IO clients, fleetProcess.ts), a few
 * probe phones and a wall, and reports per phase:
 * - the intake rate (positions acknowledged a second) and acknowledgement p50/p99;
 * - phone → wall: from a probe's fix to the wall's view showing it, p50/p99/worst (the view is
 *   read every 400 ms here; the wall page reads it every 5 s, which adds up to 5 s);
 * - the wall's bandwidth (its deltas and its views: a street-zoom view of the busiest district
 *   and the city view, every 5 s, as the page asks);
 * - server CPU per 1,000 positions.
 * The baseline, in the same run: the same phones sending the same fixes off duty, refused at the
 * door — the transport's own cost — so CPU reads as a ratio that holds on a noisy machine.
 * Loopback only; every phase is bounded in time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { WallClientToServer, WallServerToClient, WorkerClientToServer, WorkerServerToClient } from '../common/socketCatalogue.ts';
import type { WorkersInView } from '../common/domain/field.ts';
import { randomPointInGrid } from '../common/geo/gridPoints.ts';
import { seededRandom } from '../common/geo/random.ts';
import { buildRoster } from '../common/geo/roster.ts';
import { TokenIssuer } from '../server/auth/tokens.ts';
import { loadCity } from '../server/geo/loadCity.ts';
import type { FieldTally } from '../simulator/fleet/fieldRound.ts';
import { onShift, SHIFTS, shiftOf } from '../simulator/fleet/patrol.ts';
import { childrenOf, cpuSeconds } from './processStats.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { createTestRedis } from '../tests/support/redis.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '1' },
    'phase-s': { type: 'string', default: '60' },
  },
});
const workers = Number(args.workers);
const nodes = Number(args.nodes);
const phaseMs = Number(args['phase-s']) * 1000;
const MAX_PER_NODE = 19_000;
const PER_FLEET_PROCESS = 5000;
const PROBES = 20;
const FLEET_NICE = 10;
/** How often the probe wall reads its view here, ms (the rate limit allows a view every 250 ms). */
const PROBE_VIEW_MS = 400;
/** Probe fixes this far apart, ms (a phone may send one every 5 s at most). */
const PROBE_EVERY_MS = 6_000;
/** The wall page's cadence for its view, ms (client/wall/useWorkersInView.ts). */
const WALL_VIEW_MS = 5_000;
const BURST_WINDOW_MS = 3_000;
const WAYPOINTS = 6;
if (!Number.isInteger(workers) || workers < 1 || workers > 100_000) throw new Error('--workers must be 1…100,000');
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error('--nodes must be 1…16');
if (workers > nodes * MAX_PER_NODE) throw new Error(`--workers ${workers} needs --nodes ${Math.ceil(workers / MAX_PER_NODE)} or more`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1) : null;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- The city and the workers' rounds. ---
const geo = loadCity();
const roster = buildRoster(geo, 0);
const random = seededRandom(11);
const nowHour = (((Date.now() / 3_600_000 + 8) % 24) + 24) % 24;
const ids = Array.from({ length: workers }, (_, i) => `W${String(i + 1).padStart(6, '0')}`);
const waypoints = ids.map((_, i) => Array.from({ length: WAYPOINTS }, () => randomPointInGrid(geo, roster.grid[i]!, random.next)).flat());
// Everyone's shift is on now; the plan puts them on or off duty per phase regardless.
const shiftNow = SHIFTS.findIndex((_, s) => onShift(s, nowHour));
const shifts = ids.map(() => (shiftNow >= 0 ? shiftNow : shiftOf(random.next())));

const authSecret = randomBytes(32).toString('base64url');
const tokens = new TokenIssuer(authSecret, 3_600_000);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-pos-'));
// Several nodes are equal nodes: a database and a Redis key prefix of this run's own.
const [database, redis] = nodes > 1 ? await Promise.all([createTestDatabase(), createTestRedis()]) : [null, null];
if (nodes > 1 && (!database || !redis)) throw new Error(`--nodes ${nodes} runs equal nodes: it needs PostgreSQL and Redis (127.0.0.1, or TEST_DATABASE_URL and TEST_REDIS_URL)`);
const equalNodesEnv: Record<string, string> = database && redis ? { DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix } : {};
const server = await startServerProcess({ DATA_DIR: dataDir, AUTH_SECRET: authSecret, ...equalNodesEnv }, nodes);
process.once('exit', () => server.child.kill('SIGTERM'));
const serverPids = () => (nodes === 1 ? [server.child.pid!] : childrenOf(server.child.pid!));
const serverCpu = () => serverPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);

// --- The fleet. ---
const count = Math.ceil(workers / PER_FLEET_PROCESS / nodes) * nodes;
const share = Math.ceil(workers / count);
const connectStarted = Date.now();
const fleet: ChildProcess[] = Array.from({ length: count }, () => fork(path.join(HERE, '../simulator/fleet/fleetProcess.ts'), [], { execArgv: ['--import', 'tsx'] }));
for (const child of fleet) os.setPriority(child.pid!, FLEET_NICE);
const ready = await Promise.all(
  fleet.map(
    (child, p) =>
      new Promise<{ connected: number; failed: number }>((resolve) => {
        child.once('message', (m: { connected: number; failed: number }) => resolve(m));
        const part = <T>(list: T[]) => list.slice(p * share, (p + 1) * share);
        child.send({
          mode: 'socketio',
          url: server.urls[p % nodes],
          workerIds: part(ids),
          localAddresses: [`127.0.${p + 1}.1`, `127.0.${p + 1}.2`],
          authSecret,
          confirmDelayMs: [1000, 8000],
          field: { waypoints: part(waypoints), shifts: part(shifts) },
        });
      }),
  ),
);
const connected = ready.reduce((s, r) => s + r.connected, 0);
console.log(`fleet: ${connected} connected (${ready.reduce((s, r) => s + r.failed, 0)} failed) in ${Date.now() - connectStarted} ms`);
const toFleet = (message: object) => fleet.forEach((child) => child.connected && child.send(message));
const clockTimer = setInterval(() => toFleet({ type: 'clock', simNowMs: Date.now(), speed: 1 }), 1000);
const fleetTally = async () => {
  const answers = await Promise.all(
    fleet.map(
      (child) =>
        new Promise<{ tally: FieldTally; ackMs: number[] }>((resolve) => {
          const onMessage = (m: { type: string; tally: FieldTally; ackMs: number[] }) => {
            if (m.type !== 'fieldTally') return;
            child.off('message', onMessage);
            resolve(m);
          };
          child.on('message', onMessage);
          child.send({ type: 'fieldTally' });
        }),
    ),
  );
  return {
    positions: answers.reduce((s, a) => s + a.tally.positions, 0),
    refused: answers.reduce((s, a) => s + a.tally.refused, 0),
    onDuty: answers.reduce((s, a) => s + a.tally.onDuty, 0),
    ackMs: answers.flatMap((a) => a.ackMs),
  };
};

// --- The probes: phones of their own at known places, and a wall watching for them. ---
const PROBE_ORIGIN = [113.66, 34.76];
const probes: Socket<WorkerServerToClient, WorkerClientToServer>[] = [];
for (let i = 0; i < PROBES; i++) {
  const id = `W${String(100_001 + i).padStart(6, '0')}`;
  const token = tokens.issue({ username: id, role: 'worker', unit: id }, 0);
  const probe: Socket<WorkerServerToClient, WorkerClientToServer> = io(`${server.urls[i % nodes]}/worker`, { transports: ['websocket'], forceNew: true, auth: { token } });
  await new Promise((resolve) => probe.once('connect', () => resolve(null)));
  probes.push(probe);
}
const wallToken = tokens.issue({ username: 'wall', role: 'wall', unit: null }, 0);
const wall: Socket<WallServerToClient, WallClientToServer> = io(`${server.url}/wall`, { transports: ['websocket'], forceNew: true, auth: { token: wallToken } });
await new Promise((resolve) => wall.once('connect', () => resolve(null)));
let wallBytes = 0;
wall.onAny((_event, payload) => (wallBytes += Buffer.byteLength(JSON.stringify(payload ?? null))));
const view = async (box: { west: number; east: number; south: number; north: number; zoom: number }) => {
  const answer = (await wall.emitWithAck('workers:view', box)) as { ok: true; workers: WorkersInView } | { ok: false; error: string };
  if (!answer.ok) throw new Error(`workers:view refused: ${answer.error}`);
  return { answer, bytes: Buffer.byteLength(JSON.stringify(answer)) };
};
// The wall page's own views, every 5 s: the city centre at street zoom (the densest), and the city.
const CENTRE_VIEW = { west: 113.6, east: 113.75, south: 34.72, north: 34.8, zoom: 14 };
const CITY_VIEW = { west: 112.7, east: 114.3, south: 34.2, north: 35.0, zoom: 10 };
let largestDots = 0;
const wallViews = setInterval(async () => {
  const centre = await view(CENTRE_VIEW);
  const city = await view(CITY_VIEW);
  wallBytes += centre.bytes + city.bytes;
  if (centre.answer.workers.kind === 'dots') largestDots = Math.max(largestDots, centre.answer.workers.dots.length);
}, WALL_VIEW_MS);

/** Probe fixes, each at a place of its own, timed from sending to the wall's view showing it. */
const probeLatencies: number[] = [];
let probeStep = 0;
async function probeRound(): Promise<void> {
  probeStep++;
  const sent = new Map<string, number>();
  await Promise.all(
    probes.map(async (probe, i) => {
      // 20 m further east each round, each probe on its own row 200 m apart: under the speed limit, and unmistakable.
      const lng = +(PROBE_ORIGIN[0]! + probeStep * 0.0002).toFixed(6);
      const lat = +(PROBE_ORIGIN[1]! + i * 0.002).toFixed(6);
      sent.set(`${lng},${lat}`, performance.now());
      await probe.emitWithAck('position:update', { lng, lat, atMs: Date.now(), accuracyM: 5 });
    }),
  );
  const box = { west: PROBE_ORIGIN[0]! - 0.01, east: PROBE_ORIGIN[0]! + probeStep * 0.0002 + 0.01, south: PROBE_ORIGIN[1]! - 0.01, north: PROBE_ORIGIN[1]! + PROBES * 0.002 + 0.01, zoom: 16 };
  const deadline = performance.now() + 30_000;
  while (sent.size > 0 && performance.now() < deadline) {
    const { answer } = await view(box);
    if (answer.workers.kind === 'dots')
      for (const [lng, lat] of answer.workers.dots) {
        const key = `${lng},${lat}`;
        const at = sent.get(key);
        if (at === undefined) continue;
        probeLatencies.push(performance.now() - at);
        sent.delete(key);
      }
    await sleep(PROBE_VIEW_MS);
  }
}

async function phase(label: string, plan: { onDuty: boolean; sendOffDuty: boolean }, warmMs: number, measureMs: number, burst = false) {
  toFleet({ type: 'fieldPlan', ...plan });
  for (const probe of probes) await probe.emitWithAck('duty:set', { onDuty: plan.onDuty });
  await sleep(warmMs);
  const before = await fleetTally();
  const cpuBefore = serverCpu();
  const bytesBefore = wallBytes;
  probeLatencies.length = 0;
  const started = performance.now();
  if (burst) toFleet({ type: 'fieldBurst', windowMs: BURST_WINDOW_MS });
  while (performance.now() - started < measureMs) {
    const roundStarted = performance.now();
    if (plan.onDuty) await probeRound();
    await sleep(Math.max(0, PROBE_EVERY_MS - (performance.now() - roundStarted)));
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await fleetTally();
  const cpuS = serverCpu() - cpuBefore;
  const handled = after.positions - before.positions + (after.refused - before.refused);
  const result = {
    label,
    onDuty: after.onDuty,
    positionsPerS: +((after.positions - before.positions) / seconds).toFixed(0),
    refusedPerS: +((after.refused - before.refused) / seconds).toFixed(0),
    ackP50Ms: percentile(after.ackMs, 0.5),
    ackP99Ms: percentile(after.ackMs, 0.99),
    phoneToWallViewP50Ms: percentile(probeLatencies, 0.5),
    phoneToWallViewP99Ms: percentile(probeLatencies, 0.99),
    phoneToWallViewWorstMs: probeLatencies.length ? +Math.max(...probeLatencies).toFixed(1) : null,
    probesSeen: probeLatencies.length,
    wallKbPerS: +((wallBytes - bytesBefore) / 1024 / seconds).toFixed(1),
    serverCpuS: +cpuS.toFixed(2),
    serverCpuMsPer1000: handled ? +((cpuS * 1e6) / handled).toFixed(1) : null,
  };
  console.log(result);
  return result;
}

const baseline = await phase('baseline: the same fixes off duty, refused at the door', { onDuty: false, sendOffDuty: true }, 35_000, phaseMs);
const steady = await phase('steady: on duty, a fix every 30 s', { onDuty: true, sendOffDuty: false }, 45_000, phaseMs);
const burst = await phase('burst: a shift change, every phone within 3 s', { onDuty: true, sendOffDuty: false }, 10_000, 10_000, true);

clearInterval(wallViews);
clearInterval(clockTimer);
toFleet({ type: 'close' });
for (const probe of probes) probe.disconnect();
wall.disconnect();
await server.stop();
await redis?.cleanUp();
await database?.drop();
rmSync(dataDir, { recursive: true, force: true });

const ratio = (a: number | null, b: number | null) => (a !== null && b ? +(a / b).toFixed(2) : null);
writeBenchResult(`positions-${workers}-${nodes}node${nodes > 1 ? 's' : ''}`, {
  workers,
  nodes,
  connected,
  phases: [baseline, steady, burst],
  largestWallViewDots: largestDots,
  wallViewCadenceMs: WALL_VIEW_MS,
  // The page reads its view every 5 s: what a wall shows lags a phone by the view's propagation plus up to that.
  phoneToWallWorstWithCadenceMs: steady.phoneToWallViewWorstMs !== null ? +(Math.max(steady.phoneToWallViewWorstMs, burst.phoneToWallViewWorstMs ?? 0) + WALL_VIEW_MS).toFixed(0) : null,
  cpuPer1000RatioToBaseline: ratio(steady.serverCpuMsPer1000, baseline.serverCpuMsPer1000),
  burstToSteadyIntake: ratio(burst.positionsPerS, steady.positionsPerS),
  wallBandwidthRatioToBaseline: ratio(steady.wallKbPerS, baseline.wallKbPerS),
});
process.exit(0);
