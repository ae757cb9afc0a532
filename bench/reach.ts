/**
 * `npm run bench:reach [-- --subscriptions 5000 --sms 2000 --sms-rate 200]`: reaching phones whose
 * app is closed, on one server process with no phone connected.
 * - Push: a broadcast to the whole city, with `--subscriptions` workers' phones subscribed on a
 *   push service on this machine: from sending until the service has every message (each
 *   encrypted for its phone, RFC 8291, and VAPID-signed) — messages per second. Baseline in the
 *   same run: as many plain POSTs of a message's size straight to the same service, at the
 *   server's concurrency (128): the HTTP floor.
 * - SMS: a flash broadcast to grids holding `--sms` workers, the ladder's wait set to 0, through a
 *   gateway on this machine at `--sms-rate` a second: the rate achieved against the one set.
 * - A share offline: an urgent broadcast to grids holding `--mixed` workers whose phones are
 *   connected (lean Socket.IO clients answering receipts), but for `--offline-share` (30 %) with the
 *   app closed — half of those subscribed for push, half with nothing. Time until every target is
 *   reached by some channel, and by channel: the connected by the socket, the subscribed by push
 *   (taken by the push service), the rest by SMS after the urgent wait (`MIXED_WAIT_MS`).
 * Traffic goes to 127.0.0.1 only, bounded in count and time.
 */
import { fork } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { buildRoster } from '../common/geo/roster.ts';
import { loadCity } from '../server/geo/loadCity.ts';
import { readConfig } from '../server/config.ts';
import { jsonCall } from './jsonCall.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '5000' },
    sms: { type: 'string', default: '2000' },
    'sms-rate': { type: 'string', default: '200' },
    mixed: { type: 'string', default: '2000' },
    'offline-share': { type: 'string', default: '0.3' },
    runs: { type: 'string', default: '3' },
  },
});
const SUBSCRIPTIONS = Math.min(50_000, Math.max(10, Number(args.subscriptions)));
const SMS = Math.min(20_000, Math.max(10, Number(args.sms)));
const SMS_RATE = Math.min(2000, Math.max(1, Number(args['sms-rate'])));
const RUNS = Math.min(5, Math.max(1, Number(args.runs)));
const MIXED = Math.min(10_000, Math.max(10, Number(args.mixed)));
const OFFLINE_SHARE = Math.min(1, Math.max(0, Number(args['offline-share'])));
/** The urgent broadcast's ladder wait in the mixed phase, ms. */
const MIXED_WAIT_MS = 3000;
const AUTH_SECRET = randomBytes(32).toString('base64url');
/** The push round's concurrency (server/push/broadcastPush.ts). */
const CONCURRENCY = 128;
/** A run gives up after this, ms. */
const RUN_LIMIT_MS = 300_000;

/** A service on loopback answering 201, noting when each request ended (their count is how many it had). */
async function sink() {
  const times: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      times.push(performance.now());
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    times,
    reach: async (target: number) => {
      const deadline = performance.now() + RUN_LIMIT_MS;
      while (times.length < target) {
        if (performance.now() > deadline) throw new Error(`got ${times.length} of ${target} within ${RUN_LIMIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The floor: as many POSTs of a push message's size straight to the service, CONCURRENCY at once. */
async function floor(url: string, bytes: number): Promise<number> {
  const body = randomBytes(bytes);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SUBSCRIPTIONS) {
        next++;
        await (await fetch(url, { method: 'POST', headers: { 'content-encoding': 'aes128gcm', ttl: '60' }, body })).text();
      }
    }),
  );
  return Math.round(SUBSCRIPTIONS / ((performance.now() - started) / 1000));
}

// The roster's first workers subscribe; the SMS go to whole grids from the roster's end, apart from them.
const geo = loadCity();
const roster = buildRoster(geo, readConfig({}).citySeed);
const smsGrids: string[] = [];
let smsTargets = 0;
for (let g = geo.grids.length - 1; g >= 0 && smsTargets < SMS; g--) {
  smsGrids.push(geo.grids[g]!.code);
  for (let i = 0; i < roster.size; i++) if (roster.grid[i] === g) smsTargets++;
}

/** Whole grids from `from` (a grid index) going down, holding at least `count` workers: their codes and roster indices. */
function gridsHolding(from: number, count: number): { codes: string[]; workers: number[] } {
  const codes: string[] = [];
  const workers: number[] = [];
  for (let g = from; g >= 0 && workers.length < count; g--) {
    codes.push(geo.grids[g]!.code);
    for (let i = 0; i < roster.size; i++) if (roster.grid[i] === g) workers.push(i);
  }
  return { codes, workers };
}
const mixed = gridsHolding(Math.floor(geo.grids.length / 2), MIXED);
// Every third-ish worker (by a fixed stride) has the app closed; of those, every other one is subscribed for push.
const closed = mixed.workers.filter((_, k) => (k * 0.618) % 1 < OFFLINE_SHARE);
const closedSet = new Set(closed);
const pushOnly = closed.filter((_, k) => k % 2 === 0);
const connected = mixed.workers.filter((i) => !closedSet.has(i));

/** Lean phones (the simulator's fleet process) connected for `ids`; resolves once they are. */
async function connectPhones(url: string, ids: string[]): Promise<{ connected: number; close: () => void }> {
  const child = fork(path.join(path.dirname(new URL(import.meta.url).pathname), '../simulator/fleet/fleetProcess.ts'), [], { execArgv: ['--import', 'tsx'] });
  const ready = await new Promise<{ connected: number }>((resolve) => {
    child.once('message', (m: { connected: number }) => resolve(m));
    child.send({ mode: 'socketio', url, workerIds: ids, localAddresses: ['127.0.9.1', '127.0.9.2'], authSecret: AUTH_SECRET, confirmDelayMs: [60_000, 120_000] });
  });
  return { connected: ready.connected, close: () => child.kill() };
}

const runs: {
  firstPushMs: number;
  pushPerSecond: number;
  pushFloorPerSecond: number;
  pushRatioToFloor: number;
  allPushedMs: number;
  firstSmsMs: number;
  smsPerSecond: number;
  smsRatioToRate: number;
  allTextedMs: number;
  mixedTargets: number;
  bySocket: number;
  byPush: number;
  bySmsOnly: number;
  allSocketReachedMs: number | null;
  allPushedMixedMs: number;
  allTextedMixedMs: number;
  everyTargetReachedMs: number;
}[] = [];
for (let run = 1; run <= RUNS; run++) {
  const push = await sink();
  const gateway = await sink();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-reach-'));
  const env = {
    DATA_DIR: dataDir,
    AUTH_SECRET,
    BROADCAST_APPROVAL: 'none',
    PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    BROADCAST_PUSH_AFTER_MS: '0',
    BROADCAST_LADDER_MS: `flash:0,urgent:${MIXED_WAIT_MS},normal:86400000`,
    SMS_GATEWAY_URL: `${gateway.url}/sms`,
    SMS_RATE_PER_S: String(SMS_RATE),
  };
  // Started once to make the store, then the phones' subscriptions written into it.
  await (await startServerProcess(env)).stop();
  const db = new Database(path.join(dataDir, 'city-brain.sqlite'));
  const insert = db.prepare('INSERT INTO push_subscriptions (endpoint, worker, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const ecdh = createECDH('prime256v1');
      insert.run(`${push.url}/push/${i}`, roster.id(i), ecdh.generateKeys().toString('base64url'), randomBytes(16).toString('base64url'), Date.now());
    }
    for (const i of pushOnly) {
      const ecdh = createECDH('prime256v1');
      insert.run(`${push.url}/mixed/${i}`, roster.id(i), ecdh.generateKeys().toString('base64url'), randomBytes(16).toString('base64url'), Date.now());
    }
  })();
  db.close();
  const node = await startServerProcess(env);
  try {
    const token = (await jsonCall(`${node.url}/api/auth/login`, 'POST', null, { username: 'officer', password: 'officer-demo' })).body.token!;
    let started = performance.now();
    const city = await jsonCall(`${node.url}/api/broadcasts`, 'POST', token, {
      content: { title: '压测：全市推送', body: '推送送达测试'.repeat(20), priority: 'normal', requiresConfirmation: false },
      scope: { city: true },
    });
    if (city.status !== 201) throw new Error(`sending: ${city.status} ${JSON.stringify(city.body)}`);
    await push.reach(SUBSCRIPTIONS);
    const allPushedMs = Math.round(push.times.at(-1)! - started);
    // The round starts BROADCAST_PUSH_AFTER_MS (0 here) after sending: the first message's lag is the duty's own.
    const firstPushMs = Math.round(push.times[0]! - started);
    const pushPerSecond = Math.round(SUBSCRIPTIONS / (allPushedMs / 1000));
    const pushFloorPerSecond = await floor(`${push.url}/floor`, 400);

    started = performance.now();
    const flash = await jsonCall(`${node.url}/api/broadcasts`, 'POST', token, {
      content: { title: '压测：短信补发', body: '短信送达测试', priority: 'flash', requiresConfirmation: true },
      scope: { grids: smsGrids },
    });
    if (flash.status !== 201) throw new Error(`sending: ${flash.status} ${JSON.stringify(flash.body)}`);
    await gateway.reach(smsTargets);
    const allTextedMs = Math.round(gateway.times.at(-1)! - started);
    // The ladder's wait is 0 here: the first SMS's lag is how soon after its wait an SMS goes (the promise: within 2 s).
    const firstSmsMs = Math.round(gateway.times[0]! - started);
    // The rate over the sending itself: from the first SMS to the last.
    const smsPerSecond = Math.round(((smsTargets - 1) / (gateway.times.at(-1)! - gateway.times[0]!)) * 1000);
    // A share offline: the connected phones by the socket, the closed by push (if subscribed) and SMS.
    const phones = await connectPhones(
      node.url,
      connected.map((i) => roster.id(i)),
    );
    if (phones.connected !== connected.length) throw new Error(`${phones.connected} of ${connected.length} phones connected`);
    const pushedBefore = push.times.length;
    const textedBefore = gateway.times.length;
    started = performance.now();
    const sentAt = Date.now();
    const urgent = await jsonCall(`${node.url}/api/broadcasts`, 'POST', token, {
      content: { title: '压测：部分离线', body: '多渠道送达测试', priority: 'urgent', requiresConfirmation: true },
      scope: { grids: mixed.codes },
    });
    if (urgent.status !== 201) throw new Error(`sending: ${urgent.status} ${JSON.stringify(urgent.body)}`);
    await push.reach(pushedBefore + pushOnly.length);
    await gateway.reach(textedBefore + closed.length);
    const allPushedMixedMs = Math.round(push.times.at(-1)! - started);
    const allTextedMixedMs = Math.round(gateway.times.at(-1)! - started);
    const progress = (await jsonCall(`${node.url}/api/broadcasts/${urgent.body.id}`, 'GET', token)).body.progress as { connectedReachedAtMs: number | null; delivered: number };
    phones.close();
    const allSocketReachedMs = progress.connectedReachedAtMs === null ? null : progress.connectedReachedAtMs - sentAt;
    // Each target's first channel: the socket, the push service's acceptance, or (with neither) the SMS.
    const everyTargetReachedMs = Math.max(allSocketReachedMs ?? Number.POSITIVE_INFINITY, pushOnly.length ? allPushedMixedMs : 0, closed.length > pushOnly.length ? allTextedMixedMs : 0);

    runs.push({
      mixedTargets: mixed.workers.length,
      bySocket: connected.length,
      byPush: pushOnly.length,
      bySmsOnly: closed.length - pushOnly.length,
      allSocketReachedMs,
      allPushedMixedMs,
      allTextedMixedMs,
      everyTargetReachedMs,
      firstPushMs,
      pushPerSecond,
      pushFloorPerSecond,
      pushRatioToFloor: +(pushPerSecond / pushFloorPerSecond).toFixed(3),
      allPushedMs,
      firstSmsMs,
      smsPerSecond,
      smsRatioToRate: +(smsPerSecond / SMS_RATE).toFixed(3),
      allTextedMs,
    });
    console.log(
      `run ${run}: ${mixed.workers.length} targets, ${Math.round(OFFLINE_SHARE * 100)} % offline: every one reached in ${everyTargetReachedMs} ms (socket ${allSocketReachedMs} ms, push ${allPushedMixedMs} ms, SMS after the ${MIXED_WAIT_MS} ms wait ${allTextedMixedMs} ms)`,
    );
    console.log(
      `run ${run}: push ${pushPerSecond}/s (floor ${pushFloorPerSecond}/s), first ${firstPushMs} ms, all ${SUBSCRIPTIONS} in ${allPushedMs} ms; SMS ${smsPerSecond}/s of ${SMS_RATE}/s set, first ${firstSmsMs} ms, all ${smsTargets} in ${allTextedMs} ms`,
    );
  } finally {
    await node.stop();
    await push.close();
    await gateway.close();
  }
}

const byPush = [...runs].sort((a, b) => a.pushPerSecond - b.pushPerSecond);
const bySms = [...runs].sort((a, b) => a.smsPerSecond - b.smsPerSecond);
console.table(runs);
writeBenchResult('reach', {
  subscriptions: SUBSCRIPTIONS,
  smsTargets,
  smsRatePerSecondSet: SMS_RATE,
  worstPushPerSecond: byPush[0]!.pushPerSecond,
  medianPushPerSecond: byPush[Math.floor(byPush.length / 2)]!.pushPerSecond,
  mixedTargets: mixed.workers.length,
  offlineShare: OFFLINE_SHARE,
  mixedSmsWaitMs: MIXED_WAIT_MS,
  worstEveryTargetReachedMs: Math.max(...runs.map((r) => r.everyTargetReachedMs)),
  medianEveryTargetReachedMs: [...runs].sort((a, b) => a.everyTargetReachedMs - b.everyTargetReachedMs)[Math.floor(runs.length / 2)]!.everyTargetReachedMs,
  worstFirstSmsMs: Math.max(...runs.map((r) => r.firstSmsMs)),
  worstSmsPerSecond: bySms[0]!.smsPerSecond,
  medianSmsPerSecond: bySms[Math.floor(bySms.length / 2)]!.smsPerSecond,
  runs,
});
