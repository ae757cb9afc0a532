import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../common/geo/projection.ts';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * Reports in the systems Chinese maps use: a hotline's GCJ-02 (Amap) or BD-09 (Baidu) point is
 * stored in WGS-84 and lands in the same grid as its WGS-84 twin, over REST (alone and in a
 * batch) and Open311; read as WGS-84 it would be hundreds of metres off.
 */
let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = await login(server.url, 'integration');
}, 60_000);
afterAll(() => server?.stop());

/** 二七广场, in WGS-84, and the same place as Amap and Baidu give it. */
const WGS84: [number, number] = [113.6654, 34.7537];
const GCJ02 = gcoord.transform(WGS84, gcoord.WGS84, gcoord.GCJ02) as [number, number];
const BD09 = gcoord.transform(WGS84, gcoord.WGS84, gcoord.BD09) as [number, number];
const metresFrom = (event: { lng: number; lat: number }) => distanceKm([event.lng, event.lat], WGS84) * 1000;
const eventOf = async (id: string) => (await call(server.url, 'GET', `/api/events/${id}`, token)).body.event as { lng: number; lat: number; gridCode: string };

describe('coordinate systems at intake', () => {
  it('a GCJ-02 or BD-09 report is stored in WGS-84, in the grid of its WGS-84 twin', async () => {
    const twin = await call(server.url, 'POST', '/api/events', token, report({ lng: WGS84[0], lat: WGS84[1] }));
    expect(twin.status).toBe(201);
    // Read as WGS-84, the Amap point is hundreds of metres away: what the conversion saves.
    expect(distanceKm(GCJ02, WGS84) * 1000).toBeGreaterThan(300);
    for (const [crs, [lng, lat]] of [
      ['gcj02', GCJ02],
      ['bd09', BD09],
    ] as const) {
      const sent = await call(server.url, 'POST', '/api/events', token, { ...report({ lng, lat }), crs });
      expect(sent.status, crs).toBe(201);
      expect(sent.body.gridCode).toBe(twin.body.gridCode);
      expect(metresFrom(await eventOf(sent.body.id)), crs).toBeLessThan(5);
    }
  });

  it('in a batch, each report in its own system', async () => {
    const sent = await call(server.url, 'POST', '/api/events', token, [
      { ...report({ lng: GCJ02[0], lat: GCJ02[1] }), crs: 'gcj02' },
      { ...report({ lng: WGS84[0], lat: WGS84[1] }), crs: 'wgs84' },
      report({ lng: WGS84[0], lat: WGS84[1] }),
    ]);
    expect(sent.status).toBe(201);
    for (const r of sent.body.results as { id: string }[]) expect(metresFrom(await eventOf(r.id))).toBeLessThan(5);
  });

  it('over Open311 (crs beside lat and long)', async () => {
    const form = new URLSearchParams({ api_key: token, service_code: 'streetLightFault', lat: String(BD09[1]), long: String(BD09[0]), crs: 'bd09', description: '路灯不亮' });
    const created = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
    expect(created.status).toBe(201);
    const [{ service_request_id: id }] = await created.json();
    expect(metresFrom(await eventOf(id))).toBeLessThan(5);
  });

  it('refuses a system it does not know, naming the field, and stores nothing', async () => {
    const before = (await call(server.url, 'GET', '/api/events?limit=500', token)).body.events.length;
    const refused = await call(server.url, 'POST', '/api/events', token, { ...report(), crs: 'cgcs2000' });
    expect(refused).toMatchObject({ status: 400, body: { fields: ['crs'] } });
    const batch = await call(server.url, 'POST', '/api/events', token, [report(), { ...report(), crs: 'EPSG:3857' }]);
    expect(batch).toMatchObject({ status: 400, body: { fields: ['1.crs'] } });
    expect((await call(server.url, 'GET', '/api/events?limit=500', token)).body.events.length).toBe(before);
  });
});
