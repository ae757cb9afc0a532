import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { WallClientToServer, WallServerToClient } from '../../common/socketCatalogue.ts';
import { randomPointInGrid } from '../../common/geo/gridPoints.ts';
import { seededRandom } from '../../common/geo/random.ts';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

const WORKERS = 60;
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The simulator's grid workers in the field, through /worker's public protocol only: on shift they
 * go on duty and walk their own grids (the wall sees them), report what the day has them find
 * where they stand, and verify the citizens' reports the server gives them.
 */
describe('the simulated grid workers', () => {
  let server: RunningServer;
  let simulator: ChildProcess;
  let wall: Socket<WallServerToClient, WallClientToServer>;
  let output = '';
  let exited: Promise<number | null>;
  const tokens: Record<string, string> = {};
  let simulated: { id: string; index: number }[] = [];
  beforeAll(async () => {
    server = await startTestServer({ simulationClock: true });
    for (const name of ['wall', 'officer', 'integration']) tokens[name] = await login(server.url, name);
    wall = await connectClient(server.url, 'wall', tokens.wall);
    const { directory } = server.deps;
    // The workers the simulator plays: spread over the roster, every size / count-th.
    simulated = Array.from({ length: WORKERS }, (_, i) => Math.floor((i * directory.size) / WORKERS)).map((index) => ({ id: directory.idOf(index), index }));
    // Two hours at ×100: 72 s. A task is given once the workers are on duty (up to 45 s in on a
    // loaded machine) and signed for and completed 6–35 simulated minutes later (≤ 21 s): all of it
    // within the simulator's day, however busy the machine.
    simulator = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'simulator/index.ts',
        '--url',
        server.url,
        '--speed',
        '100',
        '--hours',
        '2',
        '--drain-hours',
        '0',
        '--events-per-day',
        '20000',
        '--workers',
        String(WORKERS),
        '--no-sensors',
        '--no-desks',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    simulator.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    simulator.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => simulator.once('exit', resolve));
  });
  afterAll(async () => {
    simulator?.kill();
    wall?.disconnect();
    await server?.stop();
  });

  it('go on duty, move in their grids on the wall, report where they stand and verify what they are given', async () => {
    const cityView = { west: 112.7, east: 114.3, south: 34.2, north: 35.0 };
    // A shift is on at any hour: a fifth of the workers at least.
    await expect
      .poll(
        async () => {
          const view = (await wall.emitWithAck('workers:view', { ...cityView, zoom: 10 })) as { ok: true; workers: { onDuty: number } };
          return view.workers.onDuty;
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBeGreaterThanOrEqual(WORKERS / 10);

    // A citizen's report in each simulated worker's grid: those on duty and free are asked to verify.
    const { directory, geo, events } = server.deps;
    const random = seededRandom(3);
    const reported = new Map<string, string>();
    for (const [i, worker] of simulated.entries()) {
      const [lng, lat] = randomPointInGrid(geo, directory.roster.grid[worker.index]!, random.next);
      const made = await call(
        server.url,
        'POST',
        '/api/events',
        tokens.integration!,
        report({ channel: 'hotline12345', category: i % 2 ? 'garbage' : 'pavementDamage', lng, lat, externalId: `verify-${i}` }),
      );
      expect(made.status).toBe(201);
      reported.set(made.body.id, worker.id);
    }
    expect(await exited).toBe(0);

    const ids = new Set(simulated.map((w) => w.id));
    const gridOf = new Map(simulated.map((w) => [w.id, directory.homeOf(w.index).grid]));
    // Tasks: given to the grid's own simulated worker; signed for and completed by that worker.
    // Read through the store: the simulated day may cross Beijing midnight, when closed events leave memory.
    const tasks = (await Promise.all([...reported.keys()].map((id) => events.get(id)))).filter((e) => e?.task) as CityEvent[];
    expect(tasks.length).toBeGreaterThan(0);
    for (const e of tasks) expect(gridOf.get(e.task!.worker)).toBe(e.gridCode);
    const done = tasks.filter((e) => e.task!.completedAtMs !== null);
    expect(done.length).toBeGreaterThan(0);
    for (const e of done) expect(['confirmed', 'notFound']).toContain(e.task!.outcome);

    // Patrol reports: made by the simulated workers with their own tokens, in their own grids.
    const patrols = events.recent(Number.MAX_SAFE_INTEGER, (e) => e.channel === 'gridPatrol' && e.reportedBy !== null && e.reportedBy !== undefined);
    expect(patrols.length).toBeGreaterThan(10);
    const inOwnGrid = patrols.filter((e) => ids.has(e.reportedBy!) && gridOf.get(e.reportedBy!) === e.gridCode);
    // Walking straight between points of a grid may cut a corner of a neighbour's: most stay inside.
    expect(inOwnGrid.length / patrols.length).toBeGreaterThan(0.8);

    // Tracks: the day's patrol of a worker who reported, read back by the officer.
    const walker = patrols[0]!.reportedBy!;
    const track = await call(server.url, 'GET', `/api/workers/${walker}/track?date=${beijingDate(Date.now())}`, tokens.officer!);
    expect(track.status).toBe(200);
    expect(track.body.points.length).toBeGreaterThan(0);
    expect(output).toMatch(/在岗 \d+ · 定位 [\d,]+/);
  }, 150_000);
});
