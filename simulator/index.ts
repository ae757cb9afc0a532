/**
 * `npm run simulate -- --scenario rainstorm`: plays Zhengzhou against a running server, through
 * its public REST interface only — a normal day's events, every sensor's heartbeats and readings,
 * and the scenario on top (a 7·20-like rainstorm, a holiday, a major event). `--speed 60` plays a
 * simulated minute each real second; heartbeats keep real time, as the server judges freshness.
 */
import { parseArgs } from 'node:util';
import { OPERATING_MODE_LABELS } from '../common/domain/modes.ts';
import { deriveSeed } from '../common/geo/random.ts';
import { buildRoster } from '../common/geo/roster.ts';
import { buildSensorRegistry, riverLinesOf } from '../common/geo/sensorRegistry.ts';
import { beijingDayStartMs, beijingHour } from '../server/time/beijingDay.ts';
import { loadCity, readRivers } from '../server/geo/loadCity.ts';
import { CityClient } from './cityClient.ts';
import type { FieldTally } from './fleet/fieldRound.ts';
import { startWorkerFleet, type WorkerFleet } from './fleet/workerFleet.ts';
import { EVENTS_PER_DAY } from './generators/dayProfile.ts';
import { DEFAULT_STORM, rainfallMmPerH, type StormPlan } from './generators/rainfall.ts';
import { OfficerDesk } from './officerDesk.ts';
import { Desks } from './desks.ts';
import { fieldLine, progressLine, sensorLine, summary } from './progress.ts';
import { holidayScenario, majorEventScenario } from './scenarios/crowdScenarios.ts';
import { NormalDay } from './scenarios/normalDay.ts';
import { Rainstorm } from './scenarios/rainstorm.ts';
import { normalScenario, type Scenario, SCENARIO_LABELS, SCENARIOS, type ScenarioName } from './scenarios/scenario.ts';
import { SimScheduler } from './scheduler.ts';
import { SensorFeed } from './sensors/sensorFeed.ts';
import { SensorWorld } from './sensors/sensorWorld.ts';

const HOUR_MS = 3_600_000;
/** How often the simulated clock is told to the server, real ms. */
const CLOCK_TELL_MS = 5_000;

/** The officer's and departments' desks, or none (and a warning) where their demo accounts are refused. */
async function signedInDesks(url: string): Promise<Desks | undefined> {
  const desks = new Desks(url);
  try {
    await desks.officer.login();
    await desks.department('waterSupply').login();
    return desks;
  } catch (error) {
    console.warn(`desks not signed in (${String(error)}): every step goes through the integration account`);
    return undefined;
  }
}
/** The server's default CITY_SEED: the simulator must derive the same sensor registry and roster. */
const SERVER_CITY_SEED = 20250720;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CITY_BRAIN_URL ?? 'http://127.0.0.1:3000' },
    scenario: { type: 'string', default: 'normal' },
    speed: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    hours: { type: 'string', default: '24' },
    'drain-hours': { type: 'string', default: '6' },
    'events-per-day': { type: 'string' },
    workers: { type: 'string', default: '0' },
    /** Events only, no sensor feed (the feed's start-up sweep posts ≈ 343,000 readings in 20 s). */
    'no-sensors': { type: 'boolean', default: false },
    /** Leave the server's domain time alone (by default it follows the simulated clock). */
    'no-clock': { type: 'boolean', default: false },
    /** Every step by the integration account, not by the officer's and departments' own accounts. */
    'no-desks': { type: 'boolean', default: false },
    /** Begin the simulated day at the next Beijing midnight, so that the wall's "today" is exactly the simulated day. */
    'from-midnight': { type: 'boolean', default: false },
    /** Begin at the next Beijing HH:00 after the next midnight, so a short run sees that hour's traffic whatever the time now. */
    'start-hour': { type: 'string' },
    'storm-start-hours': { type: 'string', default: '2' },
    'storm-hours': { type: 'string', default: String(DEFAULT_STORM.durationMs / HOUR_MS) },
    'peak-mm-per-h': { type: 'string', default: String(DEFAULT_STORM.peakMmPerH) },
    'city-seed': { type: 'string', default: process.env.CITY_SEED ?? String(SERVER_CITY_SEED) },
    username: { type: 'string', default: 'integration' },
    password: { type: 'string', default: 'integration-demo' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(
    [
      'npm run simulate -- [--scenario normal|rainstorm|holiday|major-event] [--url http://127.0.0.1:3000] [--speed 60] [--seed 1]',
      '                    [--hours 24] [--drain-hours 6] [--events-per-day N] [--workers 0] [--no-sensors] [--no-clock] [--no-desks] [--from-midnight | --start-hour H]',
      '                    rainstorm: [--storm-start-hours 2] [--storm-hours 12] [--peak-mm-per-h 200]',
    ].join('\n'),
  );
  process.exit(0);
}
const number = (name: string, value: string | undefined, min: number) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${value}`);
  return parsed;
};
if (!SCENARIOS.includes(args.scenario as ScenarioName)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}, got ${args.scenario}`);
const scenarioName = args.scenario as ScenarioName;
const speed = number('speed', args.speed, 0.1);
const seed = number('seed', args.seed, 0);
const hours = number('hours', args.hours, 0.01);
const drainHours = number('drain-hours', args['drain-hours'], 0);
const workerCount = Math.floor(number('workers', args.workers, 0));
const citySeed = number('city-seed', args['city-seed'], 0);
const eventsPerDay = args['events-per-day'] ? number('events-per-day', args['events-per-day'], 1) : EVENTS_PER_DAY;

const geo = loadCity();
const registry = buildSensorRegistry(geo, riverLinesOf(readRivers()), citySeed);
const client = new CityClient(args.url, { username: args.username, password: args.password });
await client.login();
const officer = new OfficerDesk(args.url);
// The people at the desks: the duty officer and each department with its own account (demo mode).
const desks = args['no-desks'] ? undefined : await signedInDesks(args.url);
// Only the scenarios act as the duty officer; the normal day just shows the mode if it can.
await officer.login().catch((error: unknown) => {
  if (scenarioName !== 'normal') throw error;
});

// Workers first, so the simulated clock does not run while thousands of them sign in.
let fleet: WorkerFleet | null = null;
// The simulated clock, once it exists: the workers' shifts and pace follow it.
let scheduler: SimScheduler | null = null;
if (workerCount > 0) {
  fleet = await startWorkerFleet(args.url, workerCount, geo, buildRoster(geo, citySeed), deriveSeed(seed, 'workers'), () => scheduler && { simNowMs: scheduler.now(), speed });
  console.log(`grid workers online: ${fleet.connected.toLocaleString('zh-CN')} (${fleet.failed} failed)`);
}

const startHour = args['start-hour'] === undefined ? null : number('start-hour', args['start-hour'], 0);
if (startHour !== null && (startHour > 23 || !Number.isInteger(startHour))) throw new Error(`--start-hour must be a whole hour, 0…23, got ${startHour}`);
const nextMidnightMs = beijingDayStartMs(Date.now()) + 24 * HOUR_MS;
scheduler = new SimScheduler(startHour !== null ? nextMidnightMs + startHour * HOUR_MS : args['from-midnight'] ? nextMidnightMs : Date.now(), speed);
const start = scheduler.simStartMs;
const storm: StormPlan | null =
  scenarioName === 'rainstorm'
    ? {
        startMs: start + number('storm-start-hours', args['storm-start-hours'], 0) * HOUR_MS,
        durationMs: number('storm-hours', args['storm-hours'], 0.5) * HOUR_MS,
        peakMmPerH: number('peak-mm-per-h', args['peak-mm-per-h'], 1),
      }
    : null;
const world = new SensorWorld(registry, seed, start, storm ? (simMs) => rainfallMmPerH(storm, simMs) : undefined);
const runId = Date.now().toString(36);
const crowd = scenarioName === 'holiday' ? holidayScenario(officer, start) : scenarioName === 'major-event' ? majorEventScenario(officer, geo, start) : null;
const day = new NormalDay(client, scheduler, geo, seed, hours, beijingHour, runId, eventsPerDay * (crowd?.volumeFactor ?? 1), crowd?.focus, desks);
if (fleet) day.reportPatrolsThrough(fleet);
// The workers' figures for the progress line, gathered every few seconds.
let fieldFigures: FieldTally | null = null;
const fieldTimer = fleet ? setInterval(() => void fleet.tally().then((tally) => (fieldFigures = tally)), 5_000) : null;
// The server's domain time follows the simulated clock, told again every few seconds (it lapses to real speed after 15 s of silence).
const tellClock = () =>
  args['no-clock']
    ? Promise.resolve()
    : client.request('POST', '/api/clock', { simulatedNowMs: Math.round(scheduler.now()), speed }).then(
        () => {},
        () => {},
      );
await tellClock();
const clockTimer = setInterval(() => void tellClock(), CLOCK_TELL_MS);
const scenario: Scenario = crowd ?? (storm ? new Rainstorm(storm, world, day, officer, geo, seed, runId) : normalScenario(start));
const endMs = Math.max(start + (hours + drainHours) * HOUR_MS, scenario.minEndMs);

const feed = new SensorFeed(client, world);
if (!args['no-sensors']) feed.start();
await scenario.begin();
const line = () =>
  `${progressLine(scheduler!.now(), day.tally, speed)} · ${sensorLine(OPERATING_MODE_LABELS[officer.mode].zh, scenario.status(), world.alarms.size, feed.poster.tally)}${fieldFigures ? ` · ${fieldLine(fieldFigures)}` : ''}`;
const tty = process.stdout.isTTY;
let lastPrintMs = 0;

console.log(
  `simulating ${SCENARIO_LABELS[scenarioName]} (${scenarioName}): ${hours} h, ${day.tally.planned.toLocaleString('zh-CN')} events, ${registry.size.toLocaleString('zh-CN')} sensors at ×${speed} against ${args.url}`,
);
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    scheduler.runDue();
    feed.advance(scheduler.now());
    day.flush();
    const now = Date.now();
    if (tty) process.stdout.write(`\r${line()}`);
    else if (now - lastPrintMs > 30_000) {
      console.log(line());
      lastPrintMs = now;
    }
    if ((scheduler.pending === 0 || scheduler.now() >= endMs) && scheduler.now() >= scenario.minEndMs && !day.busy && !scenario.busy) {
      clearInterval(timer);
      resolve();
    }
  }, 100);
  const stop = () => {
    clearInterval(timer);
    resolve();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by the server (npm start) with an IPC channel: when the server goes, so does the city.
  process.once('disconnect', stop);
});
if (tty) process.stdout.write('\n');
clearInterval(clockTimer);
if (fieldTimer) clearInterval(fieldTimer);
// The city's clock handed back at real speed from where the simulation ended, rather than racing on
// at the simulated speed until the server notices the silence (15 s at ×600 is two and a half hours).
if (!args['no-clock']) await client.request('POST', '/api/clock', { simulatedNowMs: Math.round(scheduler.now()), speed: 1 }).catch(() => {});
feed.stop();
// Best effort: the mode goes back to daily operation unless the server has gone away first.
await Promise.race([scenario.finish(), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch((error: unknown) => console.error(`could not restore the mode: ${String(error)}`));
fleet?.close();
console.log(line());
console.log(summary(day.tally, hours));
// Done: pooled keep-alive connections would hold the process for seconds more, and whoever waits on
// its exit (npm start, a test, a script) would wait for nothing. Exit once the output is written.
process.stdout.write('', () => process.exit(0));
