/**
 * `npm run bench:broadcast -- --workers 10000 [--nodes N] [--store postgres --redis]`: the headline promise measured. Starts the server
 * and a simulated fleet of workers (lean Engine.IO clients, several processes and loopback source
 * addresses), sends broadcasts to the whole city, and reports connect time, time until every
 * connected worker has it, p50/p99/max delivery latency, time until the server has counted every
 * receipt, confirmations, and server memory per 1,000 connections. In the same run it measures
 * the floor: raw `ws` servers (as many processes as nodes) sending one pre-serialized buffer to as
 * many raw clients in the same layout — and the receipt floor: the same, each client answering
 * and each server counting the answers (`receiptFloorRuns`, `ratioToReceiptFloor`). With `--store postgres --redis` the broadcasts go through
 * equal nodes on PostgreSQL and Redis (after one process on SQLite when `--nodes 1`), each with its
 * own fleet, and Redis's and PostgreSQL's own CPU and commands are read around each broadcast;
 * `--nodes` above 1 needs them (several nodes are equal nodes).
 * Loopback only; every wait is bounded.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import type { RedisClient } from '../server/coordination/leases.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { childrenOf, cpuByProcess, cpuSeconds, processesNamed } from './processStats.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '1' },
    broadcasts: { type: 'string', default: '3' },
    'resend-ms': { type: 'string', default: '600000' },
    store: { type: 'string', default: 'sqlite' },
    redis: { type: 'boolean', default: false },
    // Phones ask an acknowledgement of each receipt and confirmation, as the field app did before (an A/B of the protocol).
    'receipt-acks': { type: 'boolean', default: false },
  },
});
if (!['sqlite', 'postgres'].includes(args.store!)) throw new Error('--store: sqlite or postgres');
/** `--store postgres --redis`: equal nodes on PostgreSQL and Redis (beside one process on SQLite with `--nodes 1`). */
const shared = args.store === 'postgres' || args.redis;
const workers = Number(args.workers);
const nodes = Number(args.nodes);
const broadcastCount = Number(args.broadcasts);
/** One process holds at most ~20,000 open files here; each node stays below that. */
const MAX_PER_NODE = 19_000;
const PER_FLEET_PROCESS = 5000;
const DELIVERY_TIMEOUT_MS = 60_000;
const CONFIRM_DELAY_MS: [number, number] = [1000, 8000];
/** How often the broadcast's counted figure is read while it goes out, ms: a light load on one node. */
const COUNT_POLL_MS = 100;
/** Scheduling priority of the simulated phones (0 is the server's; 19 the lowest). */
const FLEET_NICE = 10;

if (!Number.isInteger(workers) || workers < 1 || workers > 100_394) throw new Error('--workers must be 1…100,394 (the roster)');
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error('--nodes must be 1…16');
if (nodes > 1 && !shared) throw new Error(`--nodes ${nodes} runs equal nodes: add --store postgres --redis`);
if (workers > nodes * MAX_PER_NODE) throw new Error(`--workers ${workers} needs --nodes ${Math.ceil(workers / MAX_PER_NODE)} or more: one node holds at most ${MAX_PER_NODE}`);

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/** The server's memory: the process, or in a cluster its node processes (the primary's children). */
const serverPids = (pid: number) => (nodes === 1 ? [pid] : childrenOf(pid));
const serverRssMb = (pid: number) => serverPids(pid).reduce((sum, child) => sum + rssMb(child), 0);
/** Every PostgreSQL server process (the machine's own: it serves the bench's database). */
const postgresPids = () => processesNamed('postgres');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const until = async (check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 20) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
};

interface Fleet {
  processes: ChildProcess[];
  connected: number;
  failed: number;
  connectMs: number;
  rssMb: number;
  /** How many have the broadcast: a number per fleet process, cheap enough to poll. */
  received(id: string): Promise<number>;
  /** Every receipt's latency, once they have all arrived. */
  report(id: string): Promise<number[]>;
  close(): void;
}

async function startFleet(mode: 'socketio' | 'raw', urlFor: (fleetProcess: number) => string, authSecret: string): Promise<Fleet> {
  const ids = Array.from({ length: workers }, (_, i) => `W${String(i + 1).padStart(6, '0')}`);
  // A multiple of the node count, in equal shares: process p goes to node p % nodes, so each node
  // gets workers / nodes. (Ten processes on three nodes once put 20,000 on node 0, past its limit.)
  const count = Math.ceil(workers / PER_FLEET_PROCESS / nodes) * nodes;
  const share = Math.ceil(workers / count);
  const started = Date.now();
  const processes = Array.from({ length: count }, () => fork(path.join(HERE, '../simulator/fleet/fleetProcess.ts'), [], { execArgv: ['--import', 'tsx'] }));
  // Real phones do not run on the server's cores. Here they do, and the scheduler shares the cores
  // per process: two dozen fleet processes at equal priority left each of six nodes a few percent
  // of a core while a broadcast went out (event loops stalled 10 s at 8% CPU). Fleets for the
  // floor and for the server are lowered alike.
  for (const child of processes) os.setPriority(child.pid!, FLEET_NICE);
  const ready = await Promise.all(
    processes.map(
      (child, p) =>
        new Promise<{ connected: number; failed: number; rssMb: number }>((resolve) => {
          child.once('message', (m: { connected: number; failed: number; rssMb: number }) => resolve(m));
          child.send({
            mode,
            url: urlFor(p),
            workerIds: ids.slice(p * share, (p + 1) * share),
            localAddresses: [`127.0.${p + 1}.1`, `127.0.${p + 1}.2`],
            authSecret,
            confirmDelayMs: CONFIRM_DELAY_MS,
            receiptAcks: args['receipt-acks'],
          });
        }),
    ),
  );
  const ask = <T>(question: { type: 'received' | 'report'; id: string }) =>
    Promise.all(
      processes.map(
        (child) =>
          new Promise<T>((resolve) => {
            const onMessage = (m: { type: string; id: string; answer: T }) => {
              if (m.type !== question.type || m.id !== question.id) return;
              child.off('message', onMessage);
              resolve(m.answer);
            };
            child.on('message', onMessage);
            child.send(question);
          }),
      ),
    );
  return {
    processes,
    connected: ready.reduce((s, r) => s + r.connected, 0),
    failed: ready.reduce((s, r) => s + r.failed, 0),
    connectMs: Date.now() - started,
    rssMb: ready.reduce((s, r) => s + r.rssMb, 0),
    received: async (id) => (await ask<number>({ type: 'received', id })).reduce((sum, n) => sum + n, 0),
    report: async (id) => (await ask<number[]>({ type: 'report', id })).flat(),
    close: () => processes.forEach((child) => child.send({ type: 'close' })),
  };
}

function summarise(latencies: number[], connected: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { received: sorted.length, of: connected, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), lastMs: sorted.at(-1)! };
}

// --- The floor: raw ws, one pre-serialized buffer to every client, in as many processes as nodes. ---
const floorServers = Array.from({ length: nodes }, () => fork(path.join(HERE, 'rawFloorServer.ts'), [], { execArgv: ['--import', 'tsx'] }));
const floorPorts = await Promise.all(floorServers.map((child) => new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)))));
const rawFleet = await startFleet('raw', (p) => `ws://127.0.0.1:${floorPorts[p % nodes]}`, '');
const floorRuns: ReturnType<typeof summarise>[] = [];
for (let b = 0; b < broadcastCount; b++) {
  const id = `FLOOR-${b}`;
  for (const child of floorServers) child.send({ type: 'send', id });
  await until(async () => (await rawFleet.received(id)) >= rawFleet.connected, DELIVERY_TIMEOUT_MS);
  floorRuns.push(summarise(await rawFleet.report(id), rawFleet.connected));
  await new Promise((r) => setTimeout(r, 500));
}
console.log('floor (raw ws):', floorRuns);
// The receipt floor: the same clients answer each frame with a receipt, each server counts its own.
const receiptFloorRuns: (ReturnType<typeof summarise> & { allReceiptsCountedMs: number })[] = [];
for (let b = 0; b < broadcastCount; b++) {
  const id = `RECEIPT-FLOOR-${b}`;
  const counted = floorServers.map(
    (child) =>
      new Promise<number>((resolve) => {
        const onMessage = (m: { type: string; id: string; allReceiptsCountedMs: number }) => {
          if (m.type !== 'counted' || m.id !== id) return;
          child.off('message', onMessage);
          resolve(m.allReceiptsCountedMs);
        };
        child.on('message', onMessage);
      }),
  );
  for (const child of floorServers) child.send({ type: 'send', id, answer: true });
  const countedMs = await Promise.race([Promise.all(counted).then((each) => Math.max(...each)), new Promise<number>((r) => setTimeout(() => r(-1), DELIVERY_TIMEOUT_MS))]);
  await until(async () => (await rawFleet.received(id)) >= rawFleet.connected, DELIVERY_TIMEOUT_MS);
  receiptFloorRuns.push({ ...summarise(await rawFleet.report(id), rawFleet.connected), allReceiptsCountedMs: countedMs });
  await new Promise((r) => setTimeout(r, 500));
}
rawFleet.close();
for (const child of floorServers) child.send({ type: 'close' });
console.log('receipt floor (raw ws, each client answers, each server counts):', receiptFloorRuns);
const medianReceiptFloorMs = median(receiptFloorRuns.map((r) => r.allReceiptsCountedMs));

// --- City Brain: the real server, Socket.IO, rooms, receipts. ---
const authSecret = randomBytes(32).toString('base64url');
/** A REST call that does not answer within this long fails the run instead of hanging it. */
const API_TIMEOUT_MS = 10_000;

/** What Redis says of its own work: CPU seconds and commands so far. */
async function redisLoad(redis: RedisClient | null): Promise<{ cpuS: number; commands: number; usedMemoryMb: number } | null> {
  if (!redis) return null;
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return { cpuS: field('used_cpu_user') + field('used_cpu_sys'), commands: field('total_commands_processed'), usedMemoryMb: field('used_memory') / 2 ** 20 };
}

/** One configuration of the server, from start to stop: its own fleet, `broadcastCount` city-wide broadcasts. */
async function measureServer(label: string, env: Record<string, string>, redis: RedisClient | null, postgres: boolean) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-bc-'));
  // Resends are off by default (10 minutes apart), so the figures are the first sending's; --resend-ms
  // 5000 runs the server's own default.
  const server = await startServerProcess({ DATA_DIR: dataDir, AUTH_SECRET: authSecret, BROADCAST_RESEND_MS: args['resend-ms']!, ...env }, nodes);
  // A run that fails part-way must not leave the cluster running (a left-over one skewed the next run).
  const killOnExit = () => server.child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const idleRssMb = serverRssMb(server.child.pid!);
  // Fleet processes spread over the nodes, as a load balancer in front of them would.
  const fleet = await startFleet('socketio', (p) => server.urls[p % nodes]!, authSecret);
  const connectedRssMb = serverRssMb(server.child.pid!);
  console.log(`${label} fleet: ${fleet.connected} connected (${fleet.failed} failed) in ${fleet.connectMs} ms; server RSS ${idleRssMb.toFixed(0)} → ${connectedRssMb.toFixed(0)} MB`);
  // Officers may be served by any node with Redis; node 0 otherwise.
  const apiUrl = (b: number) => (redis ? server.urls[b % nodes]! : server.url);
  const officer = (
    (await (
      await fetch(`${server.url}/api/auth/login`, {
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'officer', password: 'officer-demo' }),
      })
    ).json()) as { token: string }
  ).token;
  const api = async (url: string, method: string, p: string, body?: unknown) =>
    (
      await fetch(`${url}${p}`, {
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    ).json() as Promise<any>;
  const runs = [];
  let lastId = '';
  for (let b = 0; b < broadcastCount; b++) {
    const pids = serverPids(server.child.pid!);
    const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    // PostgreSQL's backends come and go; each is counted from its own reading.
    const postgresCpuS = postgres ? cpuByProcess(postgresPids) : null;
    const redisBefore = await redisLoad(redis);
    const sentAt = Date.now();
    // With Redis, each broadcast is sent on another node, and its progress read on yet another.
    const { id } = await api(apiUrl(b), 'POST', '/api/broadcasts', {
      content: { title: '暴雨红色预警', body: '请立即排查辖区低洼地带，转移危险区域群众。', priority: 'flash', requiresConfirmation: true, exercise: true },
      scope: { city: true },
      // The benchmark measures sending, not a second officer's approval.
      override: { reason: 'bench:broadcast' },
    });
    lastId = id;
    let countedMs = -1;
    let counted = 0;
    // Watched from the start, as an officer's console would: the moment the server has counted
    // every receipt is not made to wait for the bench's own gathering of 100,000 latencies from
    // the phones' processes (1–3 s while they are busy confirming).
    const counting = until(
      async () => {
        const { progress } = await api(apiUrl(b + 1), 'GET', `/api/broadcasts/${id}`);
        counted = progress.delivered;
        if (progress.delivered < fleet.connected) return false;
        countedMs = Date.now() - sentAt;
        return true;
      },
      DELIVERY_TIMEOUT_MS,
      COUNT_POLL_MS,
    );
    // Its failure is seen where it is awaited, below.
    counting.catch(() => {});
    await until(async () => (await fleet.received(id)) >= fleet.connected, DELIVERY_TIMEOUT_MS);
    const latencies = await fleet.report(id);
    await counting;
    const cpuS = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
    const redisAfter = await redisLoad(redis);
    runs.push({
      ...summarise(latencies, fleet.connected),
      allReceiptsCountedMs: countedMs,
      countedDelivered: counted,
      serverCpuS: +cpuS.toFixed(2),
      serverCpuMsPer1000: +((cpuS * 1e6) / fleet.connected).toFixed(1),
      ...(postgresCpuS ? { postgresCpuS: +postgresCpuS().toFixed(2) } : {}),
      ...(redisBefore && redisAfter
        ? { redisCpuS: +(redisAfter.cpuS - redisBefore.cpuS).toFixed(2), redisCommands: redisAfter.commands - redisBefore.commands, redisUsedMemoryMb: +redisAfter.usedMemoryMb.toFixed(1) }
        : {}),
    });
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, CONFIRM_DELAY_MS[1] + 2000));
  const final = (await api(server.url, 'GET', `/api/broadcasts/${lastId}`)).progress;
  fleet.close();
  await server.stop();
  process.off('exit', killOnExit);
  rmSync(dataDir, { recursive: true, force: true });
  const result = {
    label,
    connected: fleet.connected,
    connectFailed: fleet.failed,
    connectMs: fleet.connectMs,
    connectPhonesPerS: Math.round((fleet.connected * 1000) / fleet.connectMs),
    serverRssMbPer1000: +(((connectedRssMb - idleRssMb) * 1000) / fleet.connected).toFixed(2),
    fleetRssMbPer1000: +((fleet.rssMb * 1000) / fleet.connected).toFixed(2),
    runs,
    confirmedOfLast: final.confirmed,
    deliveredOfLast: final.delivered,
    medianLastDeliveryMs: median(runs.map((r) => r.lastMs)),
    worstLastDeliveryMs: Math.max(...runs.map((r) => r.lastMs)),
    medianAllReceiptsCountedMs: median(runs.map((r) => r.allReceiptsCountedMs)),
    worstAllReceiptsCountedMs: runs.some((r) => r.allReceiptsCountedMs < 0) ? -1 : Math.max(...runs.map((r) => r.allReceiptsCountedMs)),
    ratioToFloor: +(median(runs.map((r) => r.lastMs)) / median(floorRuns.map((r) => r.lastMs))).toFixed(2),
    // The issue's bar: the worst run's counting against the median receipt floor.
    ratioToReceiptFloor: runs.some((r) => r.allReceiptsCountedMs < 0) ? -1 : +(Math.max(...runs.map((r) => r.allReceiptsCountedMs)) / medianReceiptFloorMs).toFixed(2),
    lost: runs.reduce((s, r) => s + (r.of - r.received), 0),
    // A receipt counted twice shows as more delivered than phones connected.
    countedTwice: Math.max(0, final.delivered - fleet.connected),
  };
  console.log(result);
  return result;
}

// Several nodes are equal nodes on PostgreSQL and Redis; one process is also measured on SQLite (npm start's store).
const configurations = nodes === 1 ? [await measureServer('SQLite', {}, null, false)] : [];
if (shared) {
  const database = await createTestDatabase();
  if (!database) throw new Error('--store postgres needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)');
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `citybrain-bench:${process.pid}:`;
  const redis = createClient({ url: redisUrl }) as RedisClient;
  await redis.connect();
  try {
    configurations.push(await measureServer('PostgreSQL + Redis', { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix }, redis, true));
  } finally {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
    await redis.quit();
    await database.drop();
  }
}

const result = {
  workers,
  nodes,
  resendMs: Number(args['resend-ms']),
  receiptAcks: args['receipt-acks'],
  configurations,
  floorRuns,
  medianFloorLastDeliveryMs: median(floorRuns.map((r) => r.lastMs)),
  receiptFloorRuns,
  medianReceiptFloorMs,
};
writeBenchResult(
  `broadcast-${workers}-${nodes}node${nodes > 1 ? 's' : ''}${shared ? '-postgres-redis' : ''}${args['resend-ms'] === '600000' ? '' : `-resend${args['resend-ms']}`}${args['receipt-acks'] ? '-receipt-acks' : ''}`,
  result,
);
