import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * A grid worker's report from the field (`POST /api/events` with the worker's own token): one at
 * a time, on gridPatrol only, the worker recorded as reporter, located where the problem is; the
 * phone's outbox replays it idempotently (its key kept per worker), and a photo goes onto it —
 * onto the worker's own reports only.
 */
describe('a grid worker reports from the field', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['W000001', 'W000002', 'officer', 'integration']) tokens[name] = await login(server.url, name);
  });
  afterAll(() => server?.stop());
  const post = (who: string, body: unknown) => call(server.url, 'POST', '/api/events', tokens[who]!, body);
  const fieldReport = (overrides: Parameters<typeof report>[0] = {}) => report({ channel: 'gridPatrol', category: 'fireEscapeBlocked', description: '楼道堆放杂物堵塞消防通道', ...overrides });
  const upload = async (who: string, id: string, clientKey?: string) => {
    const form = new FormData();
    if (clientKey) form.append('clientKey', clientKey);
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#a53' } })
      .jpeg()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'scene.jpg');
    return fetch(`${server.url}/api/events/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
  };

  it('lands as a gridPatrol event where it was made, the worker its reporter; an outbox replay is the same event', async () => {
    const made = await post('W000001', fieldReport({ lng: 113.7512, lat: 34.7703, externalId: 'outbox-0001' }));
    expect(made).toMatchObject({ status: 201, body: { status: 'created', state: 'reported' } });
    const replay = await post('W000001', fieldReport({ lng: 113.7512, lat: 34.7703, externalId: 'outbox-0001' }));
    expect(replay).toMatchObject({ status: 200, body: { id: made.body.id, status: 'existing' } });
    // Another worker's phone with the same outbox key is another report, never the first worker's event.
    const other = await post('W000002', fieldReport({ category: 'garbage', lng: 113.62, lat: 34.73, externalId: 'outbox-0001' }));
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(made.body.id);

    const { body } = await call(server.url, 'GET', `/api/events/${made.body.id}`, tokens.officer!);
    expect(body.event).toMatchObject({ channel: 'gridPatrol', reportedBy: 'W000001', reporter: { name: 'W000001' }, externalId: 'W000001/outbox-0001', gridCode: made.body.gridCode });
    expect(body.history[0]).toMatchObject({ to: 'reported', actor: 'W000001' });
  });

  it('refuses other channels and batches, and changes nothing', async () => {
    const before = (await call(server.url, 'GET', '/api/stats/today', tokens.officer!)).body.total;
    expect(await post('W000001', report({ channel: 'hotline12345' }))).toMatchObject({ status: 403, body: { fields: ['channel'] } });
    expect((await post('W000001', [fieldReport(), fieldReport({ lat: 34.76 })])).status).toBe(400);
    expect((await post('W000001', { ...fieldReport(), location: { lng: 120, lat: 30 } })).status).toBe(400);
    expect((await call(server.url, 'GET', '/api/stats/today', tokens.officer!)).body.total).toBe(before);
  });

  it('takes a photo onto the worker’s own report only', async () => {
    const mine = (await post('W000001', fieldReport({ category: 'treeFallen', lng: 113.68, lat: 34.79 }))).body.id as string;
    const theirs = (await post('integration', report({ category: 'streetLightFault', lng: 113.69, lat: 34.71 }))).body.id as string;
    expect((await upload('W000001', mine)).status).toBe(201);
    expect((await upload('W000002', mine)).status).toBe(403);
    expect((await upload('W000001', theirs)).status).toBe(403);
    expect((await call(server.url, 'GET', `/api/events/${mine}`, tokens.officer!)).body.attachments).toHaveLength(1);

    // The outbox names each photo: sent again after a lost answer, it is the same photo, not a second.
    const first = await upload('W000001', mine, 'outbox-0002-photo-0');
    const again = await upload('W000001', mine, 'outbox-0002-photo-0');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect((await again.json()).id).toBe((await first.json()).id);
    expect((await upload('W000001', mine, 'no spaces allowed')).status).toBe(400);
    expect((await call(server.url, 'GET', `/api/events/${mine}`, tokens.officer!)).body.attachments).toHaveLength(2);
  });
});

describe('a grid worker’s tasks (核查 / 即时办)', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['W000001', 'W000002', 'officer', 'officer.huaihe', 'integration', 'dept.cityManagement', 'dept.fire']) tokens[name] = await login(server.url, name);
  });
  afterAll(() => server?.stop());
  const post = (who: string, path: string, body?: unknown) => call(server.url, 'POST', path, tokens[who]!, body);

  it('an officer gives a citizen’s report to a worker to verify; the worker signs, completes it; the history shows it', async () => {
    const id = (await post('integration', '/api/events', report({ category: 'garbage', lng: 113.705, lat: 34.795 }))).body.id as string;
    expect(await post('officer', `/api/events/${id}/task`, { worker: 'W999999', kind: 'verify' })).toMatchObject({ status: 400, body: { fields: ['worker'] } });
    expect(await post('officer', `/api/events/${id}/task`, { worker: 'W000001', kind: 'inspect' })).toMatchObject({ status: 400, body: { fields: ['kind'] } });
    expect((await post('officer.huaihe', `/api/events/${id}/task`, { worker: 'W000001', kind: 'verify' })).status).toBe(403);
    expect((await post('dept.fire', `/api/events/${id}/task`, { worker: 'W000001', kind: 'verify' })).status).toBe(403);
    const given = await post('officer', `/api/events/${id}/task`, { worker: 'W000001', kind: 'verify', note: '请现场核实' });
    expect(given).toMatchObject({ status: 201, body: { task: { worker: 'W000001', kind: 'verify', assignedBy: 'officer', acceptedAtMs: null } } });
    // One open task at a time, even to a worker of the event's own grid; a worker of another district is no one's to give it to.
    const { directory } = server.deps;
    const ofGrid = Array.from({ length: directory.roster.size }, (_, i) => i).find((i) => directory.placeOf(i).gridCode === given.body.event.gridCode && directory.idOf(i) !== 'W000001')!;
    expect((await post('dept.cityManagement', `/api/events/${id}/task`, { worker: directory.idOf(ofGrid), kind: 'handle' })).status).toBe(409);

    const list = (await call(server.url, 'GET', '/api/tasks', tokens.W000001!)).body.items;
    expect(list.map((i: { event: { id: string } }) => i.event.id)).toContain(id);
    expect((await call(server.url, 'GET', '/api/tasks', tokens.W000002!)).body.items).toEqual([]);
    expect((await post('W000002', `/api/events/${id}/task/accept`)).status).toBe(403);
    expect((await post('W000001', `/api/events/${id}/task/accept`)).body.task.acceptedAtMs).toEqual(expect.any(Number));
    expect(await post('W000001', `/api/events/${id}/task/complete`, { outcome: 'handled' })).toMatchObject({ status: 400, body: { fields: ['outcome'] } });
    const done = await post('W000001', `/api/events/${id}/task/complete`, { outcome: 'confirmed', report: '现场确有垃圾堆积约2立方' });
    expect(done.body.task).toMatchObject({ outcome: 'confirmed', completedAtMs: expect.any(Number) });
    expect((await post('W000001', `/api/events/${id}/task/complete`, { outcome: 'notFound' })).status).toBe(409);

    const { body } = await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!);
    expect(body.history.slice(-3).map((h: { actor: string; note: string }) => [h.actor, h.note])).toEqual([
      ['officer', '核查 → W000001：请现场核实'],
      ['W000001', '核查签收'],
      ['W000001', '核查属实：现场确有垃圾堆积约2立方'],
    ]);
    // Done, another task may be given: the dispatched department asks for it to be handled at once.
    expect((await post('dept.cityManagement', `/api/events/${id}/task`, { worker: directory.idOf(ofGrid), kind: 'handle' })).status).toBe(201);
    const audit = await call(server.url, 'GET', '/api/audit?action=event.task', tokens.officer!);
    expect(audit.body.entries.filter((e: { target: string }) => e.target === id)).toHaveLength(2);
  });
});
