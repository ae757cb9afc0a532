/**
 * `npm run bench:wall-frames`: the wall's frame time in Debian's Chromium (WebGL on llvmpipe), as
 * a ratio to the same view with nothing on the map but the city and its sensors (measured first,
 * in the same run). Views: the city centre at street zoom (14) with 20,000 grid workers' dots and
 * 20,000 events in view (as many as the wall keeps); and the whole city at zoom 10 with all
 * 100,000 workers aggregated. Each frame figure is taken while the map pans slowly (8 s), so
 * the map and deck.gl redraw every frame. Needs the built client (`npm run build`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES } from '../common/domain/categories.ts';
import { randomPointInGrid } from '../common/geo/gridPoints.ts';
import { seededRandom } from '../common/geo/random.ts';
import { connectClient, login, startTestServer } from '../tests/support/server.ts';
import { chromiumPath, launchChromium, signInToWall } from '../tests/support/browser.ts';
import type { WallClientToServer, WallServerToClient } from '../common/socketCatalogue.ts';
import { WALL_EVENTS_KEPT } from '../client/realtime/wallState.ts';
import { writeBenchResult } from './results.ts';

const CLIENT_DIR = path.resolve('dist/client');
if (!existsSync(path.join(CLIENT_DIR, 'wall', 'index.html'))) throw new Error('build the client first: npm run build');
if (!chromiumPath) throw new Error('Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)');

const WORKERS = 100_000;
const IN_VIEW_WORKERS = 20_000;
const EVENTS = 20_000;
const EVENT_BATCH = 200;
const PAN_MS = 8_000;
/** The street-zoom view: Zhengzhou's centre (二七广场 to 金水路). */
const CENTRE = { center: [113.665, 34.757] as [number, number], zoom: 14 };
const CITY = { center: [113.62, 34.6] as [number, number], zoom: 10 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const server = await startTestServer({ clientDir: CLIENT_DIR });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`${server.url}/wall`);
await signInToWall(page);
await page.waitForFunction(() => window.__cityMap?.loaded(), undefined, { timeout: 60_000 });

/** Frame intervals while the map pans slowly from the view, ms: mean, p95, worst. */
async function frames(view: { center: [number, number]; zoom: number }) {
  await page.evaluate((v) => window.__cityMap!.jumpTo(v), view);
  // The worker view is asked for on moveend, and the next answer drawn.
  await sleep(6_000);
  // Plain JavaScript, not a function: tsx names functions with a helper the page does not have.
  const intervals = (await page.evaluate(`new Promise((resolve) => {
    const map = window.__cityMap;
    const times = [];
    let last = performance.now();
    const started = last;
    map.easeTo({ center: [${view.center[0] + 0.004}, ${view.center[1]}], duration: ${PAN_MS}, easing: (t) => t });
    const step = (t) => {
      times.push(t - last);
      last = t;
      if (t - started < ${PAN_MS - 200}) requestAnimationFrame(step);
      else resolve(times.slice(2));
    };
    requestAnimationFrame(step);
  })`)) as number[];
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    meanMs: +(intervals.reduce((a, b) => a + b, 0) / intervals.length).toFixed(1),
    p95Ms: +sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1),
    worstMs: +sorted.at(-1)!.toFixed(1),
  };
}

// --- Map only: the city, its waterlogging points and sensors; no events, no workers. ---
const mapOnly = { centre: await frames(CENTRE), city: await frames(CITY) };
console.log('map only', mapOnly);

// --- Fill the city: 100,000 workers on duty (20,000 in the centre's view), 20,000 events there. ---
const bounds = (await page.evaluate((v) => {
  window.__cityMap!.jumpTo(v);
  const b = window.__cityMap!.getBounds();
  return { west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth() };
}, CENTRE)) as { west: number; east: number; south: number; north: number };
/** A point inside the centre view (1 % in from its edges). */
const inCentreView = (): [number, number] => {
  const w = bounds.east - bounds.west;
  const h = bounds.north - bounds.south;
  return [bounds.west + w * (0.01 + 0.98 * random.next()), bounds.south + h * (0.01 + 0.98 * random.next())];
};
const { directory, geo } = server.deps;
const field = server.app.field;
const random = seededRandom(5);
const now = Date.now();
const fixes: Promise<unknown>[] = [];
for (let i = 0; i < WORKERS; i++) {
  field.setDuty(i, true);
  const [lng, lat] = i < IN_VIEW_WORKERS ? inCentreView() : randomPointInGrid(geo, directory.roster.grid[i]!, random.next);
  fixes.push(field.position(i, { lng, lat, atMs: now - 1000, accuracyM: 10 }));
}
await Promise.all(fixes);
const token = await login(server.url, 'integration');
// Every category, and reports spread over the last 21 hours (ten 2-hour windows): the same problem
// reported twice within 150 m and 2 h is a duplicate and not drawn, and 20,000 distinct events are wanted.
const categories = Object.keys(CATEGORIES);
const DUPLICATE_WINDOWS = 10;
const WINDOW_MS = 2.1 * 3_600_000;
for (let b = 0; b < EVENTS / EVENT_BATCH; b++) {
  const batch = Array.from({ length: EVENT_BATCH }, (_, k) => {
    const [lng, lat] = inCentreView();
    const n = b * EVENT_BATCH + k;
    return {
      channel: 'hotline12345',
      category: categories[n % categories.length],
      description: '帧时测试',
      location: { lng, lat },
      reportedAtMs: now - (n % DUPLICATE_WINDOWS) * WINDOW_MS,
      externalId: `frames-${b}-${k}`,
    };
  });
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(batch) });
  if (res.status !== 201) throw new Error(`intake: ${res.status} ${await res.text()}`);
  // The wall takes 200 events a delta, four deltas a second: a pace it keeps up with.
  await sleep(300);
}
await sleep(2_000);

// What the centre view holds, as the server answers the wall.
const wallToken = await login(server.url, 'wall');
const wall = await connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', wallToken);
const inView = (await wall.emitWithAck('workers:view', { ...bounds, zoom: CENTRE.zoom })) as { ok: true; workers: { kind: string; dots?: unknown[] } };
const eventsInView = server.deps.events.recent(Number.MAX_SAFE_INTEGER, (e) => e.lng >= bounds.west && e.lng <= bounds.east && e.lat >= bounds.south && e.lat <= bounds.north && !e.duplicateOf).length;
wall.disconnect();

const fullCentre = await frames(CENTRE);
// The street-zoom view as measured, for the README: workers' dots and the events among them.
await page.screenshot({ path: path.resolve('bench/results/wall-frames-centre.png') });
const full = { centre: fullCentre, city: await frames(CITY) };
console.log('full', full);
await browser.close();
await server.stop();

const result = {
  viewport: '1920×1080',
  renderer: 'Chromium, WebGL on llvmpipe (--use-angle=gl-egl)',
  workers: WORKERS,
  workerDotsInCentreView: inView.workers.dots?.length ?? 0,
  eventsInCentreViewOnServer: eventsInView,
  eventsKeptByTheWall: WALL_EVENTS_KEPT,
  mapOnly,
  full,
  centreRatioToMapOnly: +(full.centre.meanMs / mapOnly.centre.meanMs).toFixed(2),
  cityRatioToMapOnly: +(full.city.meanMs / mapOnly.city.meanMs).toFixed(2),
  centreP95RatioToMapOnly: +(full.centre.p95Ms / mapOnly.centre.p95Ms).toFixed(2),
  cityP95RatioToMapOnly: +(full.city.p95Ms / mapOnly.city.p95Ms).toFixed(2),
};
console.log(result);
writeBenchResult('wall-frames', result);
process.exit(0);
