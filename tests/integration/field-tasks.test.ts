import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { TaskItem } from '../../common/domain/tasks.ts';
import { randomPointInGrid } from '../../common/geo/gridPoints.ts';
import { seededRandom } from '../../common/geo/random.ts';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

type WorkerSocket = Socket<WorkerServerToClient, WorkerClientToServer>;

/**
 * The grid's eyes on citizens' reports: a hotline or photo report is given at intake to a worker
 * of its grid who is on duty and free, to verify on site (核查), and the task reaches their phone
 * at once (task:assigned) and their list (GET /api/tasks). A busy or off-duty worker, or another
 * channel, is not asked.
 */
describe('the grid asked to verify a citizen’s report, the task pushed to the phone', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  const phones: WorkerSocket[] = [];
  let first = '';
  let second = '';
  let place: () => [number, number];
  beforeAll(async () => {
    server = await startTestServer();
    const { directory, geo } = server.deps;
    // Two workers of one grid: the first roster worker and the next of the same grid.
    const grid = directory.roster.grid[0]!;
    const mate = directory.roster.grid.findIndex((g, i) => i > 0 && g === grid);
    [first, second] = [directory.idOf(0), directory.idOf(mate)];
    const random = seededRandom(7);
    place = () => randomPointInGrid(geo, grid, random.next);
    for (const name of [first, second, 'officer', 'integration']) tokens[name] = await login(server.url, name);
    for (const name of [first, second]) phones.push(await connectClient(server.url, 'worker', tokens[name]));
  });
  afterAll(async () => {
    for (const phone of phones) phone.disconnect();
    await server?.stop();
  });
  // A category of its own for each report: the same category at the same place would be a duplicate.
  const categories = ['garbage', 'pavementDamage', 'streetLightFault', 'manholeCover', 'illegalWiring', 'treeFallen'] as const;
  let reports = 0;
  const intake = async (channel: 'hotline12345' | 'photoReport' | 'gridPatrol' | 'police110') => {
    const [lng, lat] = place();
    const answer = await call(server.url, 'POST', '/api/events', tokens.integration!, report({ channel, category: categories[reports++ % categories.length], lng, lat }));
    expect(answer.body.status).toBe('created');
    return answer.body.id as string;
  };
  const taskOf = async (id: string) => (await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!)).body.event.task;

  it('gives a hotline report to the grid’s worker on duty, tells the phone at once, lists it and records it', async () => {
    expect(await phones[0]!.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const pushed = new Promise<TaskItem>((resolve) => phones[0]!.once('task:assigned', resolve));
    const id = await intake('hotline12345');
    const item = await pushed;
    expect(item).toMatchObject({ task: { worker: first, kind: 'verify', assignedBy: 'system:field', completedAtMs: null }, event: { id, category: 'garbage' } });
    const list = (await call(server.url, 'GET', '/api/tasks', tokens[first]!)).body.items as TaskItem[];
    expect(list.map((i) => i.event.id)).toEqual([id]);
    expect((await call(server.url, 'GET', '/api/tasks', tokens[second]!)).body.items).toEqual([]);
    const { body } = await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!);
    expect(body.history.at(-1)).toMatchObject({ actor: 'system:field', note: expect.stringContaining(first) });
    const audit = await call(server.url, 'GET', '/api/audit?action=event.task', tokens.officer!);
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ actor: 'system:field', target: id }));
  });

  it('asks no one busy or off duty, nor on a channel not named; a free worker coming on duty is asked next', async () => {
    const patrol = await intake('gridPatrol');
    const police = await intake('police110');
    // The first worker is busy with the last test's task, the second off duty: no one to ask.
    const unasked = await intake('photoReport');
    expect(await phones[1]!.emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const pushed = new Promise<TaskItem>((resolve) => phones[1]!.once('task:assigned', resolve));
    const asked = await intake('photoReport');
    expect((await pushed).event.id).toBe(asked);
    // Tasks are given in the order reports come in: by now the earlier ones would have theirs.
    for (const id of [patrol, police, unasked]) expect(await taskOf(id)).toBeFalsy();

    // Done with the first task, the first worker is free again: the next report may go to them.
    const mine = (await call(server.url, 'GET', '/api/tasks', tokens[first]!)).body.items[0].event.id as string;
    expect((await call(server.url, 'POST', `/api/events/${mine}/task/complete`, tokens[first]!, { outcome: 'confirmed' })).status).toBe(200);
    const next = new Promise<TaskItem>((resolve) => phones[0]!.once('task:assigned', resolve));
    const again = await intake('hotline12345');
    expect((await next).event.id).toBe(again);
    const list = (await call(server.url, 'GET', '/api/tasks', tokens[first]!)).body.items as TaskItem[];
    // Open first, then the day's done.
    expect(list.map((i) => [i.event.id, i.task.outcome])).toEqual([
      [again, null],
      [mine, 'confirmed'],
    ]);
  });
});
