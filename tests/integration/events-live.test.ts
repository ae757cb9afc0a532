import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallClientToServer, WallServerToClient, WallSnapshot } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';
import { recordDeltas } from '../support/wall.ts';

describe('an event reaches a real wall client', () => {
  let server: RunningServer;
  let token: string;
  let wall: Socket<WallServerToClient, WallClientToServer>;
  beforeAll(async () => {
    server = await startTestServer({ wallCadenceMs: 100 });
    token = await login(server.url, 'integration');
    wall = await connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', await login(server.url, 'wall'));
  });
  afterAll(async () => {
    wall?.disconnect();
    await server?.stop();
  });

  it('over REST, in a delta with the new figures and consecutive sequence numbers', async () => {
    const seqs: number[] = [];
    wall.on('wall:delta', (d) => seqs.push(d.seq));
    const feed = recordDeltas(wall);
    const sent = Date.now();
    const { body } = await call(server.url, 'POST', '/api/events', token, report({ category: 'gasLeak', lng: 113.65, lat: 34.76 }));
    const { delta, atMs } = await feed.carrying(body.id);
    expect(atMs - sent).toBeLessThan(2000);
    expect(delta.events.find((e) => e.id === body.id)).toMatchObject({ category: 'gasLeak', state: 'reported', districtCode: expect.any(String) });
    expect(delta.stats.byCategory.gasLeak).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
  });

  it('over Open311, with the spec’s shapes for services, requests and errors', async () => {
    const services = await (await fetch(`${server.url}/open311/v2/services.json`)).json();
    expect(services.find((s: { service_code: string }) => s.service_code === 'pavementDamage')).toMatchObject({ service_name: '路面破损', metadata: false, type: 'realtime' });

    const form = new URLSearchParams({ api_key: token, service_code: 'streetLightFault', lat: '34.77', long: '113.68', description: '路灯不亮', address_string: '金水路' });
    const feed = recordDeltas(wall);
    const created = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
    expect(created.status).toBe(201);
    const [{ service_request_id: id }] = await created.json();
    expect((await feed.carrying(id)).delta.events.find((e) => e.id === id)!.channel).toBe('photoReport');

    expect((await fetch(`${server.url}/open311/v2/requests/${id}.json`)).status).toBe(401);
    const [request] = await (await fetch(`${server.url}/open311/v2/requests/${id}.json?api_key=${token}`)).json();
    expect(request).toMatchObject({ service_request_id: id, status: 'open', service_code: 'streetLightFault', agency_responsible: '城市管理局', lat: 34.77, long: 113.68 });
    expect(Date.parse(request.expected_datetime) - Date.parse(request.requested_datetime)).toBeCloseTo(24 * 3_600_000, -4);
    const listed = await (await fetch(`${server.url}/open311/v2/requests.json?service_code=streetLightFault&status=open&api_key=${token}`)).json();
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);

    const bad = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: token, service_code: 'nope', lat: '34.7', long: '113.6', description: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json())[0]).toMatchObject({ code: 400, description: expect.stringContaining('service_code') });
    const missing = await fetch(`${server.url}/open311/v2/requests/EV000000404.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: 'no service request EV000000404' }]);
  });

  it('answers a wall’s request for an event’s history', async () => {
    const { body } = await call(server.url, 'POST', '/api/events', token, report({ lat: 34.64 }));
    const ack = await new Promise<any>((resolve) => wall.emit('event:history', body.id, resolve));
    expect(ack).toMatchObject({ ok: true, event: { id: body.id }, history: [{ to: 'reported' }, { to: 'accepted' }, { to: 'filed' }, { to: 'dispatched' }] });
    expect(await new Promise<any>((resolve) => wall.emit('event:history', 42, resolve))).toMatchObject({ ok: false });
  });

  it('gives a fresh snapshot that includes the events so far', async () => {
    const ack = await new Promise<any>((resolve) => wall.emit('wall:requestSnapshot', resolve));
    const snapshot = ack.snapshot as WallSnapshot;
    expect(snapshot.events.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.stats.total).toBe(snapshot.events.length);
  });
});

describe('SLA clocks', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    // Minutes become tens of milliseconds: sign-in target 150 ms, handling targets ×1e-6.
    server = await startTestServer({ signInTargetMs: 150, handlingTimeScale: 1e-6, slaSweepMs: 20 });
    token = await login(server.url, 'integration');
  });
  afterAll(() => server?.stop());

  it('escalate an event not signed in time: street, then district, then city; signing clears it', async () => {
    const { body } = await call(server.url, 'POST', '/api/events', token, report());
    const level = async () => (await call(server.url, 'GET', `/api/events/${body.id}`, token)).body.event.escalation?.level ?? null;
    expect(await level()).toBeNull();
    await expect.poll(level, { timeout: 3000, interval: 20 }).toBe('street');
    await expect.poll(level, { timeout: 3000, interval: 20 }).toBe('district');
    await expect.poll(level, { timeout: 3000, interval: 20 }).toBe('city');
    const stats = (await call(server.url, 'GET', '/api/stats/today', token)).body;
    expect(stats.escalated.map((e: { id: string }) => e.id)).toContain(body.id);
    await call(server.url, 'POST', `/api/events/${body.id}/transitions`, token, { to: 'signed' });
    // Signed, the sign-in escalation is answered: from then on only the handling clock may raise one.
    const signed = (await call(server.url, 'GET', `/api/events/${body.id}`, token)).body.event;
    expect(signed.escalation?.reason ?? null).not.toBe('signIn');
    await call(server.url, 'POST', `/api/events/${body.id}/transitions`, token, { to: 'handling' });
    await call(server.url, 'POST', `/api/events/${body.id}/transitions`, token, { to: 'resolved' });
    expect(await level()).toBeNull();
    const after = (await call(server.url, 'GET', '/api/stats/today', token)).body;
    expect(after.escalated.map((e: { id: string }) => e.id)).not.toContain(body.id);
  });
});

describe('persistence', () => {
  it('keeps every accepted event and its history across a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-store-'));
    const options = { databaseFile: path.join(dataDir, 'events.sqlite'), dataDir };
    const first = await startTestServer(options);
    const token = await login(first.url, 'integration');
    const batch = await call(
      first.url,
      'POST',
      '/api/events',
      token,
      Array.from({ length: 50 }, (_, i) => report({ lat: 34.7 + i * 0.001, lng: 113.5 })),
    );
    const one = batch.body.results[0].id;
    await call(first.url, 'POST', `/api/events/${one}/transitions`, token, { to: 'signed' });
    const statsBefore = (await call(first.url, 'GET', '/api/stats/today', token)).body;
    await first.stop();

    const second = await startTestServer(options);
    const token2 = await login(second.url, 'integration');
    const statsAfter = (await call(second.url, 'GET', '/api/stats/today', token2)).body;
    expect(statsAfter.total).toBe(statsBefore.total);
    expect(statsAfter.byState).toEqual(statsBefore.byState);
    const { body } = await call(second.url, 'GET', `/api/events/${one}`, token2);
    expect(body.event.state).toBe('signed');
    expect(body.history.at(-1)).toMatchObject({ to: 'signed', actor: 'integration' });
    // A place of its own (新郑市): the default longitude follows a counter shared by every file in this worker.
    const next = await call(second.url, 'POST', '/api/events', token2, report({ lat: 34.5, lng: 113.7 }));
    expect(next).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    expect(next.body.id > batch.body.results.at(-1).id, `${next.body.id} after ${batch.body.results.at(-1).id}`).toBe(true);
    await second.stop();
  });
});
