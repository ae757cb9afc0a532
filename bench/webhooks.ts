/**
 * `npm run bench:webhooks [-- --events 5000]`: webhook throughput to a receiver on this machine —
 * events filed in batches, each told as `event.created` to one subscription, from the first filing
 * until the receiver holds every delivery (deliveries per second, and the lag of the last one).
 * Baseline in the same run: the same number of signed POSTs of the same bodies sent straight to
 * the same receiver at the dispatcher's concurrency (32) — the HTTP floor of this machine.
 * Traffic goes to 127.0.0.1 only, bounded in count and time.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signatureHeader } from '../server/webhooks/webhookSignature.ts';
import { jsonCall } from './jsonCall.ts';
import { writeBenchResult } from './results.ts';
import { startServerProcess } from './serverProcess.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } } });
const EVENTS = Math.min(50_000, Math.max(100, Number(args.events)));
const RUNS = Math.min(5, Math.max(1, Number(args.runs)));
const BATCH = 1000;
const CONCURRENCY = 32;
/** The whole run gives up after this, ms. */
const RUN_LIMIT_MS = 300_000;

/** A receiver that answers 200 and counts, noting when the count reached each mark. */
async function receiver() {
  let count = 0;
  let waiting: { target: number; resolve: () => void } | null = null;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200).end();
      if (waiting && count >= waiting.target) waiting.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get count() {
      return count;
    },
    reach: (target: number) =>
      new Promise<void>((resolve, reject) => {
        if (count >= target) return resolve();
        waiting = { target, resolve };
        setTimeout(() => reject(new Error(`the receiver got ${count} of ${target} within ${RUN_LIMIT_MS} ms`)), RUN_LIMIT_MS).unref();
      }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The floor: the same count of signed POSTs straight to the receiver, CONCURRENCY at once. */
async function floor(url: string, body: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next++;
        await (
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-citybrain-signature': signatureHeader('bench-secret-of-32-characters!!', body, Math.floor(Date.now() / 1000)) },
            body,
          })
        ).text();
      }
    }),
  );
  return Math.round(EVENTS / ((performance.now() - started) / 1000));
}

const runs: { deliveriesPerSecond: number; lastDeliveryLagMs: number; floorPerSecond: number; ratioToFloor: number }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const sink = await receiver();
  const node = await startServerProcess({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-webhooks-')), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  try {
    const token = (await jsonCall(`${node.url}/api/auth/login`, 'POST', null, { username: 'integration', password: 'integration-demo' })).body.token!;
    const hook = await jsonCall(`${node.url}/api/webhooks`, 'POST', token, { url: `${sink.url}/hook`, events: ['event.created'] });
    if (hook.status !== 201) throw new Error(`subscribing: ${hook.status} ${JSON.stringify(hook.body)}`);
    const started = performance.now();
    let lastFiledAt = started;
    let created = 0;
    for (let i = 0; i < EVENTS; i += BATCH) {
      const reports = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, k) => ({
        channel: 'hotline12345',
        category: 'garbage',
        description: '压测：垃圾堆放',
        // A fresh place for each: no report is a duplicate of another.
        location: { lng: 113.55 + ((i + k) % 200) * 0.0025, lat: 34.68 + Math.floor((i + k) / 200) * 0.0025 },
        externalId: `bench-${run}-${i + k}`,
      }));
      const filed = await jsonCall(`${node.url}/api/events`, 'POST', token, reports);
      if (filed.status !== 201) throw new Error(`filing: ${filed.status}`);
      // A place outside every grid is refused: only what was filed is told.
      created += (filed.body.results as { id?: string }[]).filter((r) => r.id).length;
      lastFiledAt = performance.now();
    }
    await sink.reach(created);
    const doneAt = performance.now();
    const deliveriesPerSecond = Math.round(created / ((doneAt - started) / 1000));
    const sample = JSON.stringify({ id: 'dl_0000000000000000', type: 'event.created', atMs: Date.now(), event: { description: '压测：垃圾堆放'.repeat(20) } });
    const floorPerSecond = await floor(`${sink.url}/floor`, sample);
    runs.push({ deliveriesPerSecond, lastDeliveryLagMs: Math.round(doneAt - lastFiledAt), floorPerSecond, ratioToFloor: +(deliveriesPerSecond / floorPerSecond).toFixed(3) });
    console.log(`run ${run}: ${deliveriesPerSecond} deliveries/s (floor ${floorPerSecond}/s), last delivery ${Math.round(doneAt - lastFiledAt)} ms after the last filing`);
  } finally {
    await node.stop();
    await sink.close();
  }
}

const sorted = [...runs].sort((a, b) => a.deliveriesPerSecond - b.deliveriesPerSecond);
const summary = {
  events: EVENTS,
  concurrency: CONCURRENCY,
  worstDeliveriesPerSecond: sorted[0]!.deliveriesPerSecond,
  medianDeliveriesPerSecond: sorted[Math.floor(sorted.length / 2)]!.deliveriesPerSecond,
  runs,
};
console.table(runs);
writeBenchResult('webhooks', summary);
