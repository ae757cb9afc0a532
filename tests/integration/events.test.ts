import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

let server: RunningServer;
let token: string;
let wallToken: string;
beforeAll(async () => {
  server = await startTestServer();
  token = await login(server.url, 'integration');
  wallToken = await login(server.url, 'wall');
});
afterAll(() => server?.stop());

const post = (path: string, body: unknown, as = token) => call(server.url, 'POST', path, as, body);
const get = (path: string, as: string | null = token) => call(server.url, 'GET', path, as);
const stats = async () => (await get('/api/stats/today')).body;

describe('intake', () => {
  it('files, locates and dispatches a report at once (一键直派)', async () => {
    const created = await post('/api/events', report({ category: 'waterMainBurst', lng: 113.6606, lat: 34.7545 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'created', state: 'dispatched', duplicateOf: null });
    const { body } = await get(`/api/events/${created.body.id}`);
    expect(body.event).toMatchObject({ districtCode: '410103', gridCode: created.body.gridCode, dispatch: { mode: 'direct', departments: ['waterSupply'] } });
    expect(body.history.map((t: { to: string }) => t.to)).toEqual(['reported', 'accepted', 'filed', 'dispatched']);
    expect(body.history[0].actor).toBe('channel:hotline12345');
  });

  it('leaves joint matters and 三跨 matters on the officer’s desk, undispatched', async () => {
    const joint = await post('/api/events', report({ category: 'fireEscapeBlocked' }));
    const spanning = await post('/api/events', report({ category: 'pavementDamage', spansJurisdictions: true }));
    expect((await get(`/api/events/${joint.body.id}`)).body.event).toMatchObject({ state: 'reported', dispatch: null });
    expect((await get(`/api/events/${spanning.body.id}`)).body.event).toMatchObject({ state: 'reported', dispatch: null, spansJurisdictions: true });
    expect((await get(`/api/events/${joint.body.id}`)).body.history.map((t: { to: string }) => t.to)).toEqual(['reported']);
  });

  it('takes a batch as a whole, one result per report in order', async () => {
    const before = (await stats()).total;
    const res = await post('/api/events', [report({ lat: 34.6 }), report({ lat: 34.61 }), report({ lat: 34.62 })]);
    expect(res.status).toBe(201);
    expect(res.body.results).toHaveLength(3);
    expect((await stats()).total).toBe(before + 3);
  });

  it('treats the same channel and external id as one event', async () => {
    const first = await post('/api/events', report({ externalId: 'HL-2026-0001', lat: 34.71 }));
    const again = await post('/api/events', report({ externalId: 'HL-2026-0001', lat: 34.71, description: 'changed text' }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'existing' });
    expect((await get(`/api/events/${first.body.id}`)).body.event.description).toBe('人行道地砖破损');
    const other = await post('/api/events', report({ externalId: 'HL-2026-0001', channel: 'police110', lat: 34.72 }));
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('links the same problem reported again nearby, on any channel, as a duplicate', async () => {
    const first = await post('/api/events', report({ category: 'sewerOverflow', lng: 113.7, lat: 34.8 }));
    const before = await stats();
    const second = await post('/api/events', report({ category: 'sewerOverflow', lng: 113.7005, lat: 34.8004, channel: 'photoReport' }));
    expect(second.body).toMatchObject({ status: 'duplicate', duplicateOf: first.body.id, state: 'reported' });
    const after = await stats();
    expect(after.total).toBe(before.total);
    expect(after.duplicates).toBe(before.duplicates + 1);
    const elsewhere = await post('/api/events', report({ category: 'sewerOverflow', lng: 113.71, lat: 34.8 }));
    expect(elsewhere.body.status).toBe('created');
    const otherCategory = await post('/api/events', report({ category: 'garbage', lng: 113.7005, lat: 34.8004 }));
    expect(otherCategory.body.status).toBe('created');
  });

  it.each([
    [{ ...report(), channel: 'fax' }, 'channel'],
    [{ ...report(), category: 'aliens' }, 'category'],
    [{ ...report(), description: '' }, 'description'],
    [{ ...report(), location: { lng: 'x', lat: 34.7 } }, 'location.lng'],
    [{ ...report(), mediaUrls: ['not a url'] }, 'mediaUrls.0'],
  ])('refuses a bad report with 400 naming the field (%#) and stores nothing', async (body, field) => {
    const before = await stats();
    const res = await post('/api/events', body);
    expect(res.status).toBe(400);
    expect(res.body.fields).toContain(field);
    expect((await stats()).total).toBe(before.total);
  });

  it('refuses a batch with one report outside the city, storing none of it', async () => {
    const before = await stats();
    const res = await post('/api/events', [report(), report({ lng: 116.4, lat: 39.9 })]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fields: ['[1].location'] });
    expect(res.body.error).toMatch(/outside 郑州市/);
    expect((await stats()).total).toBe(before.total);
  });

  it('refuses malformed JSON, missing tokens and the wall’s token', async () => {
    const res = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"channel":' });
    expect(res.status).toBe(400);
    expect((await post('/api/events', report(), '')).status).toBe(401);
    expect((await post('/api/events', report(), wallToken)).status).toBe(403);
  });
});

describe('lifecycle', () => {
  it('goes 签收 → 处置 → 办结 → 评价, recording actor and time, and counts it', async () => {
    const { body } = await post('/api/events', report({ lat: 34.66 }));
    const before = await stats();
    for (const to of ['signed', 'handling', 'resolved']) expect((await post(`/api/events/${body.id}/transitions`, { to, note: `step ${to}` })).status).toBe(200);
    const evaluated = await post(`/api/events/${body.id}/evaluation`, { satisfied: true });
    expect(evaluated.body.event).toMatchObject({ state: 'evaluated', satisfied: true });
    const after = await stats();
    expect(after.closed).toBe(before.closed + 1);
    expect(after.evaluated).toBe(before.evaluated + 1);
    expect(after.signIn.count).toBe(before.signIn.count + 1);
    const history = (await get(`/api/events/${body.id}`)).body.history;
    expect(history.slice(-4).map((t: { to: string; actor: string }) => [t.to, t.actor])).toEqual([
      ['signed', 'integration'],
      ['handling', 'integration'],
      ['resolved', 'integration'],
      ['evaluated', 'integration'],
    ]);
  });

  it('refuses an illegal transition with 409 and changes nothing', async () => {
    const { body } = await post('/api/events', report({ lat: 34.67 }));
    const res = await post(`/api/events/${body.id}/transitions`, { to: 'resolved' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/cannot go from dispatched to resolved/);
    const { body: after } = await get(`/api/events/${body.id}`);
    expect(after.event.state).toBe('dispatched');
    expect(after.history).toHaveLength(4);
    expect((await post(`/api/events/${body.id}/evaluation`, { satisfied: false })).status).toBe(409);
    expect((await post(`/api/events/EV999999999/transitions`, { to: 'signed' })).status).toBe(404);
    expect((await post(`/api/events/${body.id}/transitions`, { to: 'flying' })).status).toBe(400);
  });

  it('lets one of two officers acting on an event at once win; the other gets 409 with the event as it is now', async () => {
    const { body } = await post('/api/events', report({ lat: 34.69 }));
    // Both read the event before either is committed (over HTTP one usually lands first).
    const events = server.deps.events;
    const integrationA = { username: 'hotline.a', role: 'integration' as const, unit: null };
    const integrationB = { username: 'hotline.b', role: 'integration' as const, unit: null };
    const [a, b] = await Promise.all([events.transition(body.id, { to: 'signed' }, integrationA), events.transition(body.id, { to: 'returned', note: '不属于本部门' }, integrationB)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const [won, lost] = a.ok ? [a, b] : [b, a];
    if (!won.ok || lost.ok) throw new Error('unreachable');
    expect(won.event.version).toBe(2);
    expect(lost).toMatchObject({ code: 409, error: expect.stringMatching(/changed meanwhile/), current: { id: body.id, state: won.event.state, version: 2 } });
    const { body: after } = await get(`/api/events/${body.id}`);
    expect(after.event).toMatchObject({ state: won.event.state, version: 2 });
    expect(after.history).toHaveLength(5);
  });

  it('lets a department return an event for re-dispatch', async () => {
    const { body } = await post('/api/events', report({ lat: 34.68 }));
    expect((await post(`/api/events/${body.id}/transitions`, { to: 'returned', note: '不属于本部门' })).body.event.state).toBe('returned');
    expect((await post(`/api/events/${body.id}/transitions`, { to: 'dispatched' })).body.event.state).toBe('dispatched');
  });
});
