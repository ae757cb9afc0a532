import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts the simulator as its own process against the running server — it uses only the public
 * interfaces, as a real hotline system would — and relays its output into the server's log.
 */
export function startSimulatedCity(url: string, speed: number, logger: Logger): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'simulator/index.ts'), '--url', url, '--speed', String(speed), '--hours', '24'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (stream: NodeJS.ReadableStream, level: 'info' | 'warn') =>
    createInterface({ input: stream }).on('line', (line) => line.trim() && logger[level]({ simulator: line.trim() }, 'simulated city'));
  relay(child.stdout!, 'info');
  relay(child.stderr!, 'warn');
  child.on('exit', (code) => logger.info({ code }, 'simulated city finished'));
  return child;
}
