import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { InboxItem, WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

type WorkerSocket = Socket<WorkerServerToClient, WorkerClientToServer>;
const content = (title: string) => ({ title, body: '请立即排查辖区低洼地带。', priority: 'urgent', requiresConfirmation: true });

let server: RunningServer;
const tokens: Record<string, string> = {};
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['officer', 'officer.erqi', 'officer.huaihe', 'integration', 'wall']) tokens[name] = await login(server.url, name);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

/** A worker of 淮河路街道 (410103001), whose phone is connected. */
async function streetWorker(): Promise<WorkerSocket> {
  const socket = await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, 'W006090'));
  sockets.push(socket as unknown as Socket);
  return socket;
}

describe('roles that hold', () => {
  it('gives each officer the stragglers of a city-wide broadcast within their own area only', async () => {
    const sent = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('暴雨红色预警'), scope: { city: true } });
    expect(sent.status).toBe(201);
    const of = async (who: string) => (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}/stragglers`, tokens[who]!)).body.grids as { gridCode: string; workers: unknown[] }[];
    const street = await of('officer.huaihe');
    const district = await of('officer.erqi');
    const city = await of('officer');
    expect(street.length).toBeGreaterThan(0);
    expect(street.every((g) => g.gridCode.startsWith('410103001'))).toBe(true);
    expect(district.every((g) => g.gridCode.startsWith('410103'))).toBe(true);
    expect(district.length).toBeGreaterThan(street.length);
    expect(new Set(city.map((g) => g.gridCode.slice(0, 6))).size).toBeGreaterThan(10);
    // The street's list is a small fraction of the city's (the finding: 6.4 MB of the whole city's names).
    expect(JSON.stringify(street).length).toBeLessThan(JSON.stringify(city).length / 50);
  });

  it('lets no one below the sender amend a broadcast; the city centre may, and is named to workers, console and CAP', async () => {
    const phone = await streetWorker();
    const sent = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('城市中心通知'), scope: { streets: ['410103001'] } });
    const path = `/api/broadcasts/${sent.body.id}`;
    expect((await call(server.url, 'POST', `${path}/cancel`, tokens['officer.huaihe']!)).status).toBe(403);
    expect((await call(server.url, 'POST', `${path}/update`, tokens['officer.erqi']!, { content: content('改写') })).status).toBe(403);
    const cancelled = new Promise<{ id: string; cancelledBy: string | null }>((resolve) => phone.once('broadcast:cancelled', resolve));
    const res = await call(server.url, 'POST', `${path}/cancel`, tokens.officer!);
    expect(res.body.broadcast).toMatchObject({ state: 'cancelled', cancelledBy: 'officer', sender: 'officer' });
    expect(await cancelled).toEqual({ id: sent.body.id, cancelledBy: 'officer' });
    const inbox = await new Promise<{ items: InboxItem[] }>((resolve) => phone.emit('broadcast:inbox', resolve as never));
    expect(inbox.items.find((i) => i.id === sent.body.id)).toMatchObject({ cancelled: true, cancelledBy: 'officer' });
    const xml = await (await fetch(`${server.url}${path}/cap`, { headers: { authorization: `Bearer ${tokens.officer}` } })).text();
    expect(xml).toContain('<msgType>Cancel</msgType>');
    expect(xml).toContain('<note>撤回人 Cancelled by: officer</note>');
  });

  it('lets a district officer amend a street officer’s broadcast in their district, but not the other way round', async () => {
    const phone = await streetWorker();
    const sent = await call(server.url, 'POST', '/api/broadcasts', tokens['officer.huaihe']!, { content: content('街道通知'), scope: { streets: ['410103001'] } });
    expect(sent.status).toBe(201);
    const updated = new Promise<WorkerBroadcast>((resolve) => phone.on('broadcast:updated', (b) => b.id === sent.body.id && resolve(b)));
    const res = await call(server.url, 'POST', `/api/broadcasts/${sent.body.id}/update`, tokens['officer.erqi']!, { content: content('街道通知（区里更正）') });
    expect(res.status).toBe(200);
    expect(await updated).toMatchObject({ title: '街道通知（区里更正）', sender: 'officer.huaihe', updatedBy: 'officer.erqi' });
    const fromDistrict = await call(server.url, 'POST', '/api/broadcasts', tokens['officer.erqi']!, { content: content('区通知'), scope: { streets: ['410103001'] } });
    expect((await call(server.url, 'POST', `/api/broadcasts/${fromDistrict.body.id}/cancel`, tokens['officer.huaihe']!)).status).toBe(403);
    const stored = await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, tokens.wall!);
    expect(stored.body.broadcast).toMatchObject({ sender: 'officer.huaihe', senderUnit: '410103001', updatedBy: 'officer.erqi' });
  });

  it('keeps who sent, updated and cancelled, and who switched the mode, in the audit log with their address', async () => {
    const { body } = await call(server.url, 'GET', '/api/audit?limit=200', tokens.officer!);
    const actions = body.entries.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`);
    expect(actions).toEqual(expect.arrayContaining(['broadcast.sent:officer', 'broadcast.cancelled:officer', 'broadcast.sent:officer.huaihe', 'broadcast.updated:officer.erqi']));
    await call(server.url, 'POST', '/api/mode', tokens.officer!, { mode: 'holiday', reason: '国庆假期' });
    const modes = await call(server.url, 'GET', '/api/audit?action=mode.switched', tokens.officer!);
    expect(modes.body.entries[0]).toMatchObject({ actor: 'officer', target: 'holiday', address: expect.stringMatching(/127\.0\.0\.1/), detail: { from: 'routine', reason: '国庆假期' } });
    expect((await call(server.url, 'GET', '/api/audit', tokens['officer.erqi']!)).status).toBe(403);
  });

  it('exports a city-wide broadcast as well-formed CAP with the city’s districts as its area', async () => {
    const sent = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('暴雨红色预警'), scope: { city: true } });
    const res = await fetch(`${server.url}/api/broadcasts/${sent.body.id}/cap`, { headers: { authorization: `Bearer ${tokens.wall}` } });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const area = new XMLParser().parse(xml).alert.info.area;
    expect(area.areaDesc).toBe('郑州市');
    const polygons: string[] = Array.isArray(area.polygon) ? area.polygon : [area.polygon];
    expect(polygons.length).toBeGreaterThanOrEqual(16);
    for (const p of polygons) {
      const points = p.split(' ');
      expect(points.length).toBeGreaterThanOrEqual(4);
      expect(points[0]).toBe(points.at(-1));
    }
  });

  it('refuses control characters in a title with 400 naming the field, and stores nothing', async () => {
    const before = (await call(server.url, 'GET', '/api/broadcasts', tokens.officer!)).body.broadcasts.length;
    const res = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('预警\u0007\u001b[31m'), scope: { city: true } });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(['content.title']);
    expect((await call(server.url, 'GET', '/api/broadcasts', tokens.officer!)).body.broadcasts.length).toBe(before);
  });
});

describe('Open311 reads', () => {
  const described = '小区门口井盖缺失，联系电话 138-1234-5678，或 0371-65551234，邮箱 zhang@example.com';

  it('need a key by default, and show the description whole to a keyed reader', async () => {
    const { body } = await call(server.url, 'POST', '/api/events', tokens.integration!, report({ description: described }));
    const refused = await fetch(`${server.url}/open311/v2/requests.json`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual([{ code: 401, description: expect.stringContaining('api_key') }]);
    expect((await fetch(`${server.url}/open311/v2/requests/${body.id}.json`)).status).toBe(401);
    expect((await fetch(`${server.url}/open311/v2/requests/${body.id}.json`, { headers: { authorization: `Bearer ${tokens.wall}` } })).status).toBe(403);
    const [keyed] = await (await fetch(`${server.url}/open311/v2/requests/${body.id}.json?api_key=${tokens.integration}`)).json();
    expect(keyed.description).toBe(described);
  });

  it('are open with OPEN311_PUBLIC_READ=1, never with the reporter’s contact details', async () => {
    const open = await startTestServer({ open311PublicRead: true });
    try {
      const integration = await login(open.url, 'integration');
      const { body } = await call(open.url, 'POST', '/api/events', integration, report({ description: described }));
      const [one] = await (await fetch(`${open.url}/open311/v2/requests/${body.id}.json`)).json();
      expect(one.description).toBe('小区门口井盖缺失，联系电话 [已隐去]，或 [已隐去]，邮箱 [已隐去]');
      const listed = await (await fetch(`${open.url}/open311/v2/requests.json`)).json();
      expect(JSON.stringify(listed)).not.toMatch(/138|65551234|example\.com/);
      // A bad key is refused, not read as public.
      expect((await fetch(`${open.url}/open311/v2/requests.json?api_key=nonsense`)).status).toBe(401);
    } finally {
      await open.stop();
    }
  });
});
