import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import { buildRoster } from '../../common/geo/roster.ts';
import { testConfig } from '../../server/config.ts';
import { testCity } from '../support/city.ts';
import { call, connectClient, login } from '../support/server.ts';

type WorkerSocket = Socket<WorkerServerToClient, WorkerClientToServer>;

/**
 * Two free consecutive loopback ports below Linux's ephemeral range (32768+), so that servers
 * of other test files listening on "any free port" cannot take the second one meanwhile.
 */
async function freePortPair(): Promise<number> {
  const probe = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const bound = (server.address() as { port: number }).port;
        server.close(() => resolve(bound));
      });
    });
  for (;;) {
    const first = 20_000 + Math.floor(Math.random() * 12_000);
    const free = async (port: number) =>
      probe(port).then(
        () => true,
        () => false,
      );
    if ((await free(first)) && (await free(first + 1))) return first;
  }
}

const geo = testCity();
const roster = buildRoster(geo, testConfig().citySeed);
const grid = geo.grids.find((g) => g.kind === 'regular' && g.code.startsWith('410103001'))!;
const gridWorkers = Array.from({ length: roster.size }, (_, i) => i)
  .filter((i) => roster.grid[i] === grid.index)
  .map((i) => roster.id(i));

let cluster: ChildProcess;
let node0: string;
let node1: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  const port = await freePortPair();
  node0 = `http://127.0.0.1:${port}`;
  node1 = `http://127.0.0.1:${port + 1}`;
  cluster = spawn(process.execPath, ['--import', 'tsx', 'server/cluster.ts', '--nodes', '2'], {
    env: {
      ...process.env,
      PORT: String(port),
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'city-brain-cluster-')),
      BROADCAST_RESEND_MS: '300',
      WALL_CADENCE_MS: '50',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = Date.now();
  for (const url of [node0, node1])
    while (
      !(await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() - started > 60_000) throw new Error(`cluster node ${url} did not start`);
      await new Promise((r) => setTimeout(r, 200));
    }
}, 90_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  cluster?.kill('SIGTERM');
  await new Promise((resolve) => (cluster?.exitCode !== null ? resolve(null) : cluster.once('exit', resolve)));
});

async function workerOn(url: string, id: string): Promise<WorkerSocket> {
  const socket = await connectClient<WorkerServerToClient, WorkerClientToServer>(url, 'worker', await login(node0, id));
  sockets.push(socket as unknown as Socket);
  return socket;
}

describe('two server nodes (npm run start:cluster)', () => {
  it('reach workers on every node with one broadcast and count each receipt once, in totals', async () => {
    const [a, b] = [await workerOn(node0, gridWorkers[0]!), await workerOn(node1, gridWorkers[1]!)];
    const officer = await login(node0, 'officer');
    const arrivals = [a, b].map((s) => new Promise<{ id: string }>((resolve) => s.once('broadcast:new', resolve)));
    const { body } = await call(node0, 'POST', '/api/broadcasts', officer, {
      content: { title: '跨节点测试', body: '两个节点的网格员都应收到。', priority: 'urgent', requiresConfirmation: true, exercise: true },
      scope: { grids: [grid.code] },
    });
    expect(body.targeted).toBe(gridWorkers.length);
    const received = await Promise.all(arrivals);
    expect(received.map((r) => r.id)).toEqual([body.id, body.id]);

    const ack = (s: WorkerSocket, event: 'broadcast:delivered' | 'broadcast:confirm') => new Promise((resolve) => s.emit(event, body.id, resolve));
    for (const s of [a, b]) {
      expect(await ack(s, 'broadcast:delivered')).toEqual({ ok: true });
      expect(await ack(s, 'broadcast:delivered')).toEqual({ ok: true });
    }
    expect(await ack(b, 'broadcast:confirm')).toEqual({ ok: true });

    const progress = async () => (await call(node0, 'GET', `/api/broadcasts/${body.id}`, officer)).body.progress as BroadcastProgress;
    await expect.poll(async () => (await progress()).delivered, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => (await progress()).confirmed, { timeout: 10_000 }).toBe(1);
    expect((await progress()).offline).toBe(gridWorkers.length - 2);

    // Per-worker lists on node 0 know what was confirmed on node 1 (every node writes its receipts).
    const unconfirmed = async () => (await call(node0, 'GET', `/api/broadcasts/${body.id}/stragglers`, officer)).body.grids[0].workers.map((w: { id: string }) => w.id);
    await expect.poll(unconfirmed, { timeout: 5000 }).not.toContain(gridWorkers[1]);
    expect(await unconfirmed()).toContain(gridWorkers[0]);
  });

  it('tells a grid leader on another node who has not confirmed by the deadline', async () => {
    const leaderIndex = Array.from({ length: roster.size }, (_, i) => i).find((i) => roster.grid[i] === grid.index && roster.role[i] === 'gridLeader')!;
    const leader = await workerOn(node1, roster.id(leaderIndex));
    const officer = await login(node0, 'officer');
    const listed = new Promise<{ id: string; workers: { id: string }[] }>((resolve) => leader.on('broadcast:stragglers', resolve as never));
    const { body } = await call(node0, 'POST', '/api/broadcasts', officer, {
      content: { title: '跨节点截止', body: '请确认。', priority: 'flash', requiresConfirmation: true, exercise: true },
      scope: { grids: [grid.code] },
      confirmWithinMs: 1000,
    });
    const list = await listed;
    expect(list.id).toBe(body.id);
    expect(list.workers.map((w) => w.id)).not.toContain(roster.id(leaderIndex));
  });

  it('keeps walls, consoles and the event API on node 0', async () => {
    await expect(connectClient(node1, 'wall', await login(node0, 'wall'))).rejects.toThrow(/connect to node 0/);
    expect((await fetch(`${node1}/api/stats/today`)).status).toBe(404);
    expect((await fetch(`${node0}/api/stats/today`, { headers: { authorization: `Bearer ${await login(node0, 'wall')}` } })).status).toBe(200);
  });
});
