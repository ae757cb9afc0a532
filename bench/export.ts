/**
 * `npm run bench:export [-- --events 340000]`: `GET /api/events/export` of a month of the city
 * (≈ 340,000 events, as CSV and as GeoJSON) from a server process on 127.0.0.1: the time to the
 * last byte, the bytes, and the server's resident memory before and at its peak — the export is
 * streamed page by page, so the peak must not grow with the month. Baseline in the same run: the
 * same rows read straight from the store, page by page, through the repository.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CityEvent } from '../common/domain/eventRecords.ts';
import { loadCity } from '../server/geo/loadCity.ts';
import { eventId, sequenceOf, type EventWrite, type ReceiptPlace } from '../server/store/eventRepository.ts';
import { openDatabase } from '../server/store/sqliteDatabase.ts';
import { SqliteEventRepository } from '../server/store/sqliteEventRepository.ts';
import { seededRandom } from '../common/geo/random.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '340000' } } });
const EVENTS = Math.min(1_000_000, Math.max(1000, Number(args.events)));
const DAY_MS = 86_400_000;

const memoryMb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(field))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-export-'));
const geo = loadCity();
const random = seededRandom(11);
const end = Date.now() - 2 * DAY_MS;
const start = end - 30 * DAY_MS;
{
  // The month, written straight into the store the server will open: closed events, so the server's start does not load them.
  const db = openDatabase(path.join(dataDir, 'city-brain.sqlite'));
  const repo = new SqliteEventRepository(db);
  const sequences = await repo.reserveSequences(EVENTS);
  // 2,000 places in the city, each located to its grid path once, then used in turn.
  const places: { lng: number; lat: number; path: NonNullable<ReturnType<typeof geo.locate>> }[] = [];
  while (places.length < 2000) {
    const lng = 112.8 + random.next() * 1.4;
    const lat = 34.3 + random.next() * 0.65;
    const located = geo.locate(lng, lat);
    if (located) places.push({ lng, lat, path: located });
  }
  for (let i = 0; i < EVENTS; i += 5000) {
    const writes: EventWrite[] = [];
    for (let k = i; k < Math.min(EVENTS, i + 5000); k++) {
      const { lng, lat, path } = places[k % places.length]!;
      const at = start + Math.floor((k / EVENTS) * 30 * DAY_MS);
      const event: CityEvent = {
        id: eventId(sequences[k]!),
        externalId: `HT-${k}`,
        channel: 'hotline12345',
        category: 'garbage',
        description: '居民反映小区门口垃圾堆放，影响通行，请尽快清理。',
        address: '某路某号',
        lng,
        lat,
        districtCode: path.district.code,
        streetCode: path.street.code,
        communityCode: path.community.code,
        gridCode: path.grid.code,
        state: 'evaluated',
        duplicateOf: null,
        dispatch: { mode: 'direct', departments: ['cityManagement'] },
        reportedAtMs: at,
        receivedAtMs: at,
        dispatchedAtMs: at,
        signedAtMs: at + 300_000,
        resolvedAtMs: at + 3_600_000,
        satisfied: true,
        escalation: null,
        mediaUrls: [],
        version: 6,
      };
      writes.push({ event, isNew: true, transitions: [], change: { type: 'created', atMs: at } });
    }
    await repo.write(writes);
  }
  // Baseline: the same rows read page by page from the store.
  const started = performance.now();
  let after: ReceiptPlace | null = null;
  let read = 0;
  for (;;) {
    const page = await repo.receivedBetween(start, end, after, 2000);
    read += page.length;
    if (page.length < 2000) break;
    after = { receivedAtMs: page.at(-1)!.receivedAtMs, seq: sequenceOf(page.at(-1)!.id) };
  }
  var baselineMs = Math.round(performance.now() - started);
  if (read !== EVENTS) throw new Error(`baseline read ${read} of ${EVENTS}`);
  await repo.close();
}

const node = await startServerProcess({ DATA_DIR: dataDir });
const results: Record<string, unknown>[] = [];
try {
  const login = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer', password: 'officer-demo' }) });
  const { token } = (await login.json()) as { token: string };
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  for (const format of ['csv', 'geojson'] as const) {
    const rssBeforeMb = memoryMb(node.child.pid!, 'VmRSS');
    const started = performance.now();
    const res = await fetch(`${node.url}/api/events/export?format=${format}&from=${day(start)}&to=${day(end)}`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
    const ms = Math.round(performance.now() - started);
    results.push({
      format,
      events: EVENTS,
      ms,
      megabytes: +(bytes / 2 ** 20).toFixed(1),
      eventsPerSecond: Math.round(EVENTS / (ms / 1000)),
      rssBeforeMb,
      rssPeakMb: memoryMb(node.child.pid!, 'VmHWM'),
      baselineStoreReadMs: baselineMs,
      ratioToStoreRead: +(ms / baselineMs).toFixed(2),
    });
    console.log(results.at(-1));
  }
} finally {
  await node.stop();
}
console.table(results);
writeBenchResult('export', { events: EVENTS, runs: results });
