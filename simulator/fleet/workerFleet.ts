import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { randomPointInGrid } from '../../common/geo/gridPoints.ts';
import { seededRandom } from '../../common/geo/random.ts';
import type { Roster } from '../../common/geo/roster.ts';
import type { FieldTally, PatrolReport } from './fieldRound.ts';
import { shiftOf } from './patrol.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Workers per fleet process (as the broadcast benchmark). */
const PER_PROCESS = 5_000;
/** Grid workers confirm a broadcast 5–60 s after it lands: read, then tap. */
const CONFIRM_DELAY_MS: [number, number] = [5_000, 60_000];
/** The demo password every roster worker signs in with (README). */
const WORKER_PASSWORD = 'worker-demo';
/** Points of a worker's round inside their grid. */
const WAYPOINTS = 6;
/**
 * The share of each shift whose phones have the app closed (locked in a pocket, the tab gone):
 * they never connect, so the city's broadcasts reach them down the ladder — push, then SMS.
 */
const APP_CLOSED_SHARE = 0.1;
/** How often the processes are told the simulated time, real ms. */
const CLOCK_EVERY_MS = 1_000;

export interface WorkerFleet {
  connected: number;
  failed: number;
  /** A problem found on patrol, reported by an on-duty worker where they stand; null if none is on duty. */
  report(plan: PatrolReport): Promise<{ id: string; status: string; state: string } | null>;
  /** The field figures so far, summed over the processes. */
  tally(): Promise<FieldTally>;
  close(): void;
}

/**
 * Simulated grid workers on their phones: lean clients (fleetProcess.ts) that sign in through
 * REST, acknowledge every broadcast and confirm it after a human-like delay, and — on the clock
 * `simClock` tells (nothing moves until it tells) — go on duty for their shift, walk a round of points inside their own grid,
 * report what the day has them find, and verify the tasks pushed to them. Workers are spread over
 * the roster (every `roster.size / count`-th), so they cover the city; a tenth of them have the app
 * closed and never connect (APP_CLOSED_SHARE).
 */
export async function startWorkerFleet(url: string, count: number, geo: CityGeography, roster: Roster, seed: number, simClock: () => { simNowMs: number; speed: number } | null): Promise<WorkerFleet> {
  const stride = roster.size / count;
  const random = seededRandom(seed);
  const closedApp = seededRandom(seed + 1);
  // Drawn apart from the rounds and shifts, so the open phones keep the same ones.
  const indices = Array.from({ length: count }, (_, i) => Math.floor(i * stride)).filter(() => closedApp.next() >= APP_CLOSED_SHARE);
  const ids = indices.map((i) => `W${String(i + 1).padStart(6, '0')}`);
  const waypoints = indices.map((i) => Array.from({ length: WAYPOINTS }, () => randomPointInGrid(geo, roster.grid[i]!, random.next)).flat());
  const shifts = indices.map(() => shiftOf(random.next()));
  const loopback = /^https?:\/\/127\./.test(url);
  const processes: ChildProcess[] = Array.from({ length: Math.ceil(count / PER_PROCESS) }, () => fork(path.join(HERE, 'fleetProcess.ts'), [], { execArgv: ['--import', 'tsx'] }));
  const ready = await Promise.all(
    processes.map(
      (child, p) =>
        new Promise<{ connected: number; failed: number }>((resolve) => {
          child.once('message', (m: { connected: number; failed: number }) => resolve(m));
          child.once('exit', () => resolve({ connected: 0, failed: PER_PROCESS }));
          const share = (list: unknown[]) => list.slice(p * PER_PROCESS, (p + 1) * PER_PROCESS);
          child.send({
            mode: 'socketio',
            url,
            workerIds: share(ids),
            // Several loopback source addresses so thousands of sockets do not exhaust one address's ports.
            localAddresses: loopback ? [`127.0.${p + 1}.1`, `127.0.${p + 1}.2`] : [],
            authSecret: '',
            password: WORKER_PASSWORD,
            confirmDelayMs: CONFIRM_DELAY_MS,
            field: { waypoints: share(waypoints), shifts: share(shifts) },
          });
        }),
    ),
  );
  const live = () => processes.filter((child) => child.connected);
  const tellClock = () => {
    const clock = simClock();
    if (clock) for (const child of live()) child.send({ type: 'clock', ...clock });
  };
  tellClock();
  const clockTimer = setInterval(tellClock, CLOCK_EVERY_MS);

  let nextRequest = 0;
  let nextProcess = 0;
  /** Asks one process and waits for its answer of the given type (matched by `match`). */
  const ask = <T>(child: ChildProcess, message: object, type: string, match: (m: Record<string, unknown>) => boolean): Promise<T | null> =>
    new Promise((resolve) => {
      if (!child.connected) return resolve(null);
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type || !match(m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = () => (child.off('message', onMessage), resolve(null));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });

  return {
    connected: ready.reduce((sum, r) => sum + r.connected, 0),
    failed: ready.reduce((sum, r) => sum + r.failed, 0),
    async report(plan) {
      // Round the processes: the first with a worker on duty reports it.
      for (let tries = 0; tries < processes.length; tries++) {
        const child = processes[nextProcess++ % processes.length]!;
        const requestId = nextRequest++;
        const answer = await ask<{ answer: { id: string; status: string; state: string } | null }>(
          child,
          { type: 'patrolReport', requestId, report: plan },
          'patrolReported',
          (m) => m.requestId === requestId,
        );
        if (answer?.answer) return answer.answer;
      }
      return null;
    },
    async tally() {
      const sum: FieldTally = { onDuty: 0, positions: 0, refused: 0, dutyChanges: 0, reports: 0, reportsFailed: 0, tasksAccepted: 0, tasksDone: 0, tasksFailed: 0 };
      for (const child of live()) {
        const answer = await ask<{ tally: FieldTally | null }>(child, { type: 'fieldTally' }, 'fieldTally', () => true);
        if (answer?.tally) for (const key of Object.keys(sum) as (keyof FieldTally)[]) sum[key] += answer.tally[key];
      }
      return sum;
    },
    close: () => {
      clearInterval(clockTimer);
      for (const child of live()) child.send({ type: 'close' });
    },
  };
}
