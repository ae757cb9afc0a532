/**
 * `npm test`'s Vitest step: the server-side projects (unit, contract, integration) and the browser
 * project (e2e) as two Vitest processes at once. Most of both is waiting — on sockets, child
 * processes, timers, a software-rendered map — so on a 2-core machine they overlap instead of the
 * browser tests running alone after the rest. The browser run's output is held and shown when it
 * ends, so the two reports do not interleave. Exits non-zero if either run fails; arguments are
 * passed to both (e.g. `--reporter=verbose`).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const passed = process.argv.slice(2);

const serverSide = spawn(process.execPath, [vitest, 'run', '--project', 'unit', '--project', 'contract', '--project', 'integration', ...passed], { stdio: 'inherit' });
const browser = spawn(process.execPath, [vitest, 'run', '--project', 'e2e', ...passed], { stdio: ['ignore', 'pipe', 'pipe'] });
let browserOutput = '';
browser.stdout.on('data', (chunk: Buffer) => (browserOutput += chunk.toString()));
browser.stderr.on('data', (chunk: Buffer) => (browserOutput += chunk.toString()));

const exitOf = (child: ReturnType<typeof spawn>) => new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
// A stop asked of this script stops both runs.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => [serverSide, browser].forEach((child) => child.kill(signal)));

const [serverCode, browserCode] = await Promise.all([exitOf(serverSide), exitOf(browser)]);
process.stdout.write(`\n── browser tests (e2e) ──\n${browserOutput}`);
if (serverCode !== 0 || browserCode !== 0)
  console.error(`tests failed: server-side ${serverCode === 0 ? 'passed' : `exit ${serverCode}`}, browser ${browserCode === 0 ? 'passed' : `exit ${browserCode}`}`);
process.exit(serverCode || browserCode);
