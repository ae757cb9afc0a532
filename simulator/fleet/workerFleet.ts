import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Workers per fleet process (as the broadcast benchmark). */
const PER_PROCESS = 5_000;
/** Grid workers confirm a broadcast 5–60 s after it lands: read, then tap. */
const CONFIRM_DELAY_MS: [number, number] = [5_000, 60_000];
/** The demo password every roster worker signs in with (README). */
const WORKER_PASSWORD = 'worker-demo';

export interface WorkerFleet {
  connected: number;
  failed: number;
  close(): void;
}

/**
 * Simulated grid workers on their phones, so broadcasts land: lean clients (fleetProcess.ts) that
 * sign in through REST, acknowledge every broadcast and confirm it after a human-like delay.
 * Workers are spread over the roster (every `rosterSize / count`-th), so they cover the city.
 */
export async function startWorkerFleet(url: string, count: number, rosterSize: number): Promise<WorkerFleet> {
  const stride = rosterSize / count;
  const ids = Array.from({ length: count }, (_, i) => `W${String(Math.floor(i * stride) + 1).padStart(6, '0')}`);
  const loopback = /^https?:\/\/127\./.test(url);
  const processes: ChildProcess[] = Array.from({ length: Math.ceil(count / PER_PROCESS) }, () => fork(path.join(HERE, 'fleetProcess.ts'), [], { execArgv: ['--import', 'tsx'] }));
  const ready = await Promise.all(
    processes.map(
      (child, p) =>
        new Promise<{ connected: number; failed: number }>((resolve) => {
          child.once('message', (m: { connected: number; failed: number }) => resolve(m));
          child.once('exit', () => resolve({ connected: 0, failed: PER_PROCESS }));
          child.send({
            mode: 'socketio',
            url,
            workerIds: ids.slice(p * PER_PROCESS, (p + 1) * PER_PROCESS),
            // Several loopback source addresses so thousands of sockets do not exhaust one address's ports.
            localAddresses: loopback ? [`127.0.${p + 1}.1`, `127.0.${p + 1}.2`] : [],
            authSecret: '',
            password: WORKER_PASSWORD,
            confirmDelayMs: CONFIRM_DELAY_MS,
          });
        }),
    ),
  );
  return {
    connected: ready.reduce((sum, r) => sum + r.connected, 0),
    failed: ready.reduce((sum, r) => sum + r.failed, 0),
    close: () => processes.forEach((child) => child.connected && child.send({ type: 'close' })),
  };
}
