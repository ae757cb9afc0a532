import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

/** `GET /api/workers/me`: the phone asks who it is signed in as — the worker's own roster entry and grid. */
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it('answers the signed-in worker’s roster entry with the grid’s name, and a micro-grid worker’s micro-grid', async () => {
  const { directory, geo } = server.deps;
  const micro = Array.from({ length: directory.size }, (_, i) => i).find((i) => directory.roster.role[i] === 'microGridWorker')!;
  for (const index of [0, micro]) {
    const id = directory.idOf(index);
    const me = await call(server.url, 'GET', '/api/workers/me', await login(server.url, id), undefined);
    const grid = geo.grids[directory.roster.grid[index]!]!;
    const microIndex = directory.roster.microGrid[index]!;
    expect(me).toEqual({
      status: 200,
      body: {
        id,
        name: directory.roster.name[index],
        role: directory.roster.role[index],
        gridCode: grid.code,
        gridName: grid.name,
        microGridCode: microIndex >= 0 ? geo.microGrids[microIndex]!.code : null,
      },
    });
  }
  expect(directory.roster.role[0]).not.toBe('microGridWorker');
});

it('is a worker’s alone: an officer is refused', async () => {
  expect((await call(server.url, 'GET', '/api/workers/me', await login(server.url, 'officer'), undefined)).status).toBe(403);
});
