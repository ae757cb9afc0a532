/**
 * `npm run simulate`: plays a normal day of Zhengzhou against a running server, through its
 * public REST interface only. `--speed 60` plays a simulated minute each real second.
 */
import { parseArgs } from 'node:util';
import { beijingHour } from '../server/domain/beijingDay.ts';
import { loadCity } from '../server/geo/loadCity.ts';
import { CityClient } from './cityClient.ts';
import { progressLine, summary } from './progress.ts';
import { NormalDay } from './scenarios/normalDay.ts';
import { SimScheduler } from './scheduler.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CITY_BRAIN_URL ?? 'http://127.0.0.1:3000' },
    speed: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    hours: { type: 'string', default: '24' },
    'drain-hours': { type: 'string', default: '6' },
    'events-per-day': { type: 'string' },
    username: { type: 'string', default: 'integration' },
    password: { type: 'string', default: 'integration-demo' },
    scenario: { type: 'string', default: 'normal' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log('npm run simulate -- [--url http://127.0.0.1:3000] [--speed 60] [--seed 1] [--hours 24] [--drain-hours 6] [--events-per-day N]');
  process.exit(0);
}
const number = (name: string, value: string | undefined, min: number) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${value}`);
  return parsed;
};
if (args.scenario !== 'normal') throw new Error(`--scenario ${args.scenario}: only "normal" exists so far`);
const speed = number('speed', args.speed, 0.1);
const seed = number('seed', args.seed, 0);
const hours = number('hours', args.hours, 0.01);
const drainHours = number('drain-hours', args['drain-hours'], 0);

const client = new CityClient(args.url, { username: args.username, password: args.password });
await client.login();
const scheduler = new SimScheduler(Date.now(), speed);
const day = new NormalDay(client, scheduler, loadCity(), seed, hours, beijingHour, Date.now().toString(36), args['events-per-day'] ? number('events-per-day', args['events-per-day'], 1) : undefined);
const endMs = scheduler.simStartMs + (hours + drainHours) * 3_600_000;
const tty = process.stdout.isTTY;
let lastPrintMs = 0;

console.log(`simulating ${hours} h of a normal day (${day.tally.planned.toLocaleString('zh-CN')} events) at ×${speed} against ${args.url}`);
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    scheduler.runDue();
    day.flush();
    const now = Date.now();
    if (tty) process.stdout.write(`\r${progressLine(scheduler.now(), day.tally, speed)}`);
    else if (now - lastPrintMs > 30_000) {
      console.log(progressLine(scheduler.now(), day.tally, speed));
      lastPrintMs = now;
    }
    if ((scheduler.pending === 0 || scheduler.now() >= endMs) && !day.busy) {
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
});
if (tty) process.stdout.write('\n');
console.log(summary(day.tally, hours));
