import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from './projectRoot.ts';
import type { Logger } from './logger.ts';

const ROOT = PROJECT_ROOT;

/**
 * The demonstration `npm start` plays: a normal day whose first quarter-hour is calm, then a
 * compressed two-hour rainstorm (at ×20: rain from ≈ 45 s, the first red point, emergency mode
 * and the red-warning broadcast to the simulated phones after ≈ 3–4 minutes, drained and back
 * to daily operation after ≈ 15), and the rest of the day. The grid workers (2,000 by default,
 * SIMULATED_WORKERS) patrol their grids on shifts, moving on the wall's map (≈ 27 positions a
 * second for 2,000), report and verify.
 */
const DEMO_ARGS = ['--scenario', 'rainstorm', '--hours', '24', '--storm-start-hours', '0.25', '--storm-hours', '2'];

/**
 * Starts the simulator as its own process against the running server — it uses only the public
 * interfaces, as a real hotline system would — and relays its output into the server's log.
 */
export function startSimulatedCity(url: string, options: { speed: number; workers: number }, logger: Logger): ChildProcess {
  const args = ['--url', url, '--speed', String(options.speed), '--workers', String(options.workers), ...DEMO_ARGS];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'simulator/index.ts'), ...args], {
    cwd: ROOT,
    // An IPC channel only so the simulator notices when the server is gone, however it went (even kill -9).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const relay = (stream: NodeJS.ReadableStream, level: 'info' | 'warn') =>
    createInterface({ input: stream }).on('line', (line) => line.trim() && logger[level]({ simulator: line.trim() }, 'simulated city'));
  relay(child.stdout!, 'info');
  relay(child.stderr!, 'warn');
  child.on('exit', (code) => logger.info({ code }, 'simulated city finished'));
  return child;
}
