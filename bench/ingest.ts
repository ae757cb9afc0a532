/**
 * `npm run bench:ingest [-- --store sqlite|postgres|both]`: sustained, persisted intake over REST
 * and intake→wall latency, at rising offered rates, with the wall's bandwidth at each — on the
 * embedded SQLite store and on PostgreSQL (DATABASE_URL), in the same run. Baseline per store in
 * the same run: the same rows inserted straight into that store through its repository (same
 * schema, same durability, one transaction per 100) — the storage ceiling of this machine.
 * Traffic goes to servers on 127.0.0.1 only, bounded in time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CATEGORY_CODES } from '../common/domain/categories.ts';
import { seededRandom } from '../common/geo/random.ts';
import { openDatabase } from '../server/store/sqliteDatabase.ts';
import { SqliteEventRepository } from '../server/store/sqliteEventRepository.ts';
import { eventId, type EventRepository } from '../server/store/eventRepository.ts';
import { openPostgres } from '../server/store/postgresDatabase.ts';
import { PostgresEventRepository } from '../server/store/postgresEventRepository.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';
import { loadCity } from '../server/geo/loadCity.ts';
import { runOpenLoopStage } from './openLoop.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const { values: args } = parseArgs({ options: { store: { type: 'string', default: 'both' } } });
if (!['sqlite', 'postgres', 'both'].includes(args.store!)) throw new Error('--store: sqlite, postgres or both');

const STAGE_RATES = [1000, 2500, 5000, 7500, 10_000, 15_000, 20_000, 30_000];
const STAGE_SECONDS = 8;
const BATCH = 100;
const MAX_IN_FLIGHT = 32;

const random = seededRandom(7);
const geo = loadCity();
/**
 * A fresh point in the city for every report. Reports cycling through a fixed set of points
 * repeat one place and category within the duplicate window once the set is used up, and are
 * folded into the open event there — rightly not drawn on the wall, but then the bench measures
 * duplicates, not intake. Fresh points leave only the duplicates a city of this density has.
 */
const cityPoint = (): [number, number] => {
  for (;;) {
    const lng = 112.8 + random.next() * 1.4;
    const lat = 34.3 + random.next() * 0.65;
    if (geo.locateGridIndex(lng, lat) >= 0) return [lng, lat];
  }
};
let serial = 0;
const makeReport = () => {
  const [lng, lat] = cityPoint();
  serial++;
  return { channel: 'hotline12345', category: CATEGORY_CODES[serial % CATEGORY_CODES.length], description: '压测事件', location: { lng, lat }, externalId: `BENCH-${serial}` };
};

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;
}

/** Baseline: the same rows straight into the store through its repository, 100 per transaction, events/s. */
async function storageBaseline(repo: EventRepository): Promise<number> {
  const n = 20_000;
  const [first] = await repo.reserveSequences(1);
  const started = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const writes = Array.from({ length: BATCH }, (_, k) => {
      const id = eventId(first! + 1_000_000 + i + k);
      const [lng, lat] = cityPoint();
      return {
        isNew: true,
        event: {
          id,
          externalId: `B-${i + k}`,
          channel: 'hotline12345',
          category: 'garbage',
          description: '压测事件',
          address: null,
          lng,
          lat,
          districtCode: '410102',
          streetCode: '',
          communityCode: '',
          gridCode: '',
          state: 'dispatched',
          duplicateOf: null,
          dispatch: null,
          reportedAtMs: 0,
          receivedAtMs: Date.now(),
          dispatchedAtMs: 0,
          signedAtMs: null,
          resolvedAtMs: null,
          satisfied: null,
          escalation: null,
          mediaUrls: [],
          version: 1,
        },
        transitions: (['reported', 'accepted', 'filed', 'dispatched'] as const).map((to) => ({ eventId: id, from: null, to, actor: 'system', atMs: 0, note: null })),
        // The change feed's entry, written with every event as the server writes it.
        change: { type: 'created', atMs: Date.now() },
      };
    });
    await repo.write(writes as never);
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

/** One store measured: its baseline, then the server on it through every stage. */
async function measure(store: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-'));
  const pg = store === 'postgres' ? await createTestDatabase() : null;
  if (store === 'postgres' && !pg) return null;
  const baselineDb = store === 'postgres' ? await createTestDatabase() : null;
  const baselineRepo: EventRepository =
    store === 'postgres' ? new PostgresEventRepository(await openPostgres(baselineDb!.url)) : new SqliteEventRepository(openDatabase(path.join(dataDir, 'base.sqlite')));
  const baselinePerSecond = await storageBaseline(baselineRepo);
  await baselineRepo.close();
  await baselineDb?.drop();
  console.log(`${store} baseline: ${baselinePerSecond.toLocaleString('en')} events/s straight into the store (${BATCH} per transaction)`);
  const server = await startServerProcess({ DATA_DIR: dataDir, WALL_CADENCE_MS: '250', ...(pg ? { DATABASE_URL: pg.url } : {}) });
  const login = async (username: string) =>
    (
      (await (
        await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }) })
      ).json()) as { token: string }
    ).token;
  const token = await login('integration');
  // The wall watches from its own process (nice 0, like a real wall's browser on another machine).
  const observer = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'wallObserver.ts'), [server.url, await login('wall')], { execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve) => observer.once('message', () => resolve()));
  type Seen = { atMs: number; bytes: number; newestId: string | null; busy: boolean; serverMs: number; events: number };
  const takeWallLog = () =>
    new Promise<Seen[]>((resolve) => {
      observer.once('message', (m: { log: Seen[] }) => resolve(m.log));
      observer.send({ take: true });
    });

  /** Batches the server took in this stage: their newest id and when they were sent, epoch ms. */
  const sentBatches: { newestId: string; sentAtMs: number }[] = [];

  const stages = [];
  for (const rate of STAGE_RATES) {
    sentBatches.length = 0;
    await takeWallLog();
    let shedBatches = 0;
    let duplicates = 0;
    const run = await runOpenLoopStage({
      batchesPerSecond: rate / BATCH,
      stageSeconds: STAGE_SECONDS,
      maxInFlight: MAX_IN_FLIGHT,
      send: async () => {
        const sentAtMs = Date.now();
        const res = await fetch(`${server.url}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(Array.from({ length: BATCH }, makeReport)),
        });
        if (res.status === 429) shedBatches++;
        if (res.status !== 201) return (await res.arrayBuffer(), null);
        const { results } = (await res.json()) as { results: { id: string; status: string }[] };
        for (const r of results) if (r.status === 'duplicate') duplicates++;
        sentBatches.push({ newestId: results.reduce((max, r) => (r.id > max ? r.id : max), ''), sentAtMs });
        return results.length;
      },
    });
    const { accepted, seconds } = run;
    const failed = run.failedBatches * BATCH;
    const skipped = run.skippedBatches;
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await takeWallLog();
    // Intake → wall: for each batch, the first delta whose newest event includes it.
    const latencies = sentBatches.flatMap((b) => {
      const shown = seen.find((d) => d.newestId !== null && d.newestId >= b.newestId && d.atMs >= b.sentAtMs);
      return shown ? [shown.atMs - b.sentAtMs] : [];
    });
    const sorted = latencies.sort((a, b) => a - b);
    const wallBytes = seen.reduce((sum, d) => sum + d.bytes, 0);
    const gaps = seen.slice(1).map((d, i) => d.serverMs - seen[i]!.serverMs);
    const stage = {
      offeredPerSecond: rate,
      persistedPerSecond: Math.round(accepted / seconds),
      ratioToStorageBaseline: +(accepted / seconds / baselinePerSecond).toFixed(3),
      // Reports folded into an open event (same category within 150 m): not drawn on the wall.
      duplicateShare: accepted ? +(duplicates / accepted).toFixed(3) : 0,
      intakeToWallP50Ms: Math.round(percentile(sorted, 0.5)),
      intakeToWallP99Ms: Math.round(percentile(sorted, 0.99)),
      wallKiBPerSecond: +(wallBytes / 1024 / (seconds + 1)).toFixed(1),
      wallDeltasPerSecond: +(seen.length / (seconds + 1)).toFixed(1),
      wallMaxGapMs: gaps.length ? Math.max(...gaps) : null,
      wallEventsPerDelta: seen.length ? Math.round(seen.reduce((sum, d) => sum + d.events, 0) / seen.length) : 0,
      wallSaidBusyDeltas: seen.filter((d) => d.busy).length,
      shedBatches,
      failed: failed - shedBatches * BATCH,
      skippedBatches: skipped,
    };
    stages.push(stage);
    console.log(stage);
  }

  observer.kill();
  await server.stop();
  await pg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(store);
  console.table(stages);
  return { store, baselineEventsPerSecond: baselinePerSecond, stages };
}

const results = [];
for (const store of args.store === 'both' ? (['sqlite', 'postgres'] as const) : [args.store as 'sqlite' | 'postgres']) {
  const result = await measure(store);
  if (result) results.push(result);
}
writeBenchResult('ingest', { batchSize: BATCH, stageSeconds: STAGE_SECONDS, wallCadenceMs: 250, stores: results });
