import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastProgress, GridStragglers, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { ConsoleServerToClient, InboxItem, WallServerToClient, WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import { buildRoster } from '../../common/geo/roster.ts';
import { testConfig } from '../../server/config.ts';
import type { RunningServer } from '../../server/index.ts';
import { gridWithWorkers, testCity } from '../support/city.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

type WorkerSocket = Socket<WorkerServerToClient, WorkerClientToServer>;

const geo = testCity();
const roster = buildRoster(geo, testConfig().citySeed);
/** The roster's workers in one grid of 二七区 淮河路街道 (a street 'officer.huaihe' covers). */
const { grid, workers: gridWorkers } = gridWithWorkers('410103001');
const otherGrid = geo.grids.find((g) => g.kind === 'regular' && g.code.startsWith('410102'))!;
const outsider = roster.id(Array.from({ length: roster.size }, (_, i) => i).find((i) => roster.grid[i] === otherGrid.index)!);

let server: RunningServer;
let officer: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ broadcastResendMs: 300, wallCadenceMs: 50 });
  officer = await login(server.url, 'officer');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function worker(id: string): Promise<WorkerSocket> {
  const socket = await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, id));
  sockets.push(socket as unknown as Socket);
  return socket;
}
const next = <K extends keyof WorkerServerToClient>(socket: WorkerSocket, event: K) => new Promise<Parameters<WorkerServerToClient[K]>[0]>((resolve) => socket.once(event, resolve as never));
const emitAck = (socket: WorkerSocket, event: 'broadcast:delivered' | 'broadcast:confirm', id: unknown) =>
  new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit(event, id, resolve as never));
const content = (title = '暴雨红色预警') => ({ title, body: '请立即排查辖区低洼地带，转移危险区域群众。', priority: 'flash', requiresConfirmation: true, exercise: false });
const send = (scope: object, as = officer, title?: string) => call(server.url, 'POST', '/api/broadcasts', as, { content: content(title), scope });
const progressOf = async (id: string) => (await call(server.url, 'GET', `/api/broadcasts/${id}`, officer)).body.progress as BroadcastProgress;

describe('scope and authorisation', () => {
  it('counts the workers a scope reaches, city-wide and by unit and role', async () => {
    expect((await call(server.url, 'POST', '/api/broadcasts/preview', officer, { scope: { city: true } })).body.targeted).toBe(roster.size);
    expect((await call(server.url, 'POST', '/api/broadcasts/preview', officer, { scope: { grids: [grid.code] } })).body.targeted).toBe(gridWorkers.length);
    const leaders = await call(server.url, 'POST', '/api/broadcasts/preview', officer, { scope: { districts: ['410103'], roles: ['gridLeader'] } });
    expect(leaders.body.targeted).toBe(geo.grids.filter((g) => g.code.startsWith('410103')).length);
  });

  it('lets a street officer reach only their street; walls and workers cannot send; nothing is stored on refusal', async () => {
    const street = await login(server.url, 'officer.huaihe');
    const before = (await call(server.url, 'GET', '/api/broadcasts', officer)).body.broadcasts.length;
    expect((await send({ city: true }, street)).status).toBe(403);
    expect((await send({ districts: ['410103'] }, street)).status).toBe(403);
    expect((await send({ grids: [otherGrid.code] }, street)).status).toBe(403);
    expect((await send({ grids: [grid.code] }, await login(server.url, 'wall'))).status).toBe(403);
    expect((await send({ grids: [grid.code] }, await login(server.url, gridWorkers[0]!))).status).toBe(403);
    expect((await call(server.url, 'GET', '/api/broadcasts', officer)).body.broadcasts.length).toBe(before);
    const allowed = await send({ grids: [grid.code] }, street, '淮河路街道演练');
    expect(allowed.status).toBe(201);
    expect(allowed.body.targeted).toBe(gridWorkers.length);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const noTitle = await call(server.url, 'POST', '/api/broadcasts', officer, { content: { ...content(), title: '' }, scope: { city: true } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.fields).toEqual(['content.title']);
    const unknown = await send({ districts: ['999999'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/districts: 999999/);
    expect((await send({})).body.fields).toEqual(['scope']);
  });
});

describe('delivery', () => {
  it('persists before sending, counts receipts once each, and reports progress to the console', async () => {
    const phones = await Promise.all(gridWorkers.map(worker));
    const consoleSocket = await connectClient<ConsoleServerToClient>(server.url, 'console', officer);
    sockets.push(consoleSocket as unknown as Socket);
    const progress: BroadcastProgress[] = [];
    consoleSocket.on('broadcast:progress', (p) => progress.push(p));
    // The walls hear of it in their sequenced feed.
    const wallSocket = await connectClient<WallServerToClient>(server.url, 'wall', await login(server.url, 'wall'));
    sockets.push(wallSocket as unknown as Socket);
    const onWall: BroadcastProgress[] = [];
    wallSocket.on('wall:delta', (d) => d.broadcast && onWall.push(d.broadcast));

    // Phones may also be sent earlier broadcasts they missed; collect everything and look for this one.
    const received = phones.map(() => new Map<string, WorkerBroadcast>());
    const storedWhenHeard: boolean[] = [];
    phones.forEach((p, k) =>
      p.on('broadcast:new', (b) => {
        received[k]!.set(b.id, b);
        void call(server.url, 'GET', `/api/broadcasts/${b.id}`, officer).then((r) => storedWhenHeard.push(r.status === 200));
      }),
    );
    const { body } = await send({ grids: [grid.code] });
    await expect.poll(() => received.every((m) => m.has(body.id)), { timeout: 5000 }).toBe(true);
    expect(received.every((m) => m.get(body.id)!.priority === 'flash')).toBe(true);
    // When a phone hears of a broadcast, it is already in the store.
    await expect.poll(() => storedWhenHeard.length >= phones.length, { timeout: 5000 }).toBe(true);
    expect(storedWhenHeard.every(Boolean)).toBe(true);

    for (const phone of phones) expect(await emitAck(phone, 'broadcast:delivered', body.id)).toEqual({ ok: true });
    expect(await emitAck(phones[0]!, 'broadcast:delivered', body.id)).toEqual({ ok: true });
    expect(await emitAck(phones[0]!, 'broadcast:confirm', body.id)).toEqual({ ok: true });
    expect(await emitAck(phones[0]!, 'broadcast:confirm', body.id)).toEqual({ ok: true });
    const p = await progressOf(body.id);
    expect(p).toMatchObject({ targeted: gridWorkers.length, delivered: gridWorkers.length, confirmed: 1, offline: 0 });
    expect(p.allDeliveredAtMs).not.toBeNull();
    // At a glance: every phone connected has it, and when that was; nobody waits offline.
    expect(p).toMatchObject({ connected: gridWorkers.length, connectedReached: gridWorkers.length, waitingOffline: 0 });
    expect(p.connectedReachedAtMs! - p.sentAtMs).toBeGreaterThanOrEqual(0);
    await expect.poll(() => onWall.filter((x) => x.id === body.id).at(-1)?.confirmed, { timeout: 3000 }).toBe(1);
    expect(p.p99DeliveryMs).toBeLessThan(5000);
    await expect.poll(() => progress.filter((x) => x.id === body.id).at(-1)?.confirmed, { timeout: 3000 }).toBe(1);

    const stragglers = (await call(server.url, 'GET', `/api/broadcasts/${body.id}/stragglers`, officer)).body.grids;
    expect(stragglers).toHaveLength(1);
    expect(stragglers[0].gridCode).toBe(grid.code);
    expect(stragglers[0].workers).toHaveLength(gridWorkers.length - 1);
    expect(stragglers[0].leader).toMatch(/W\d{6}/);
  });

  it('refuses a receipt from a worker the broadcast was not for', async () => {
    const { body } = await send({ grids: [grid.code] });
    const stranger = await worker(outsider);
    expect(await emitAck(stranger, 'broadcast:delivered', body.id)).toMatchObject({ ok: false });
    expect(await emitAck(stranger, 'broadcast:delivered', 42)).toMatchObject({ ok: false, error: 'broadcast:delivered: payload: must be a string' });
    expect((await progressOf(body.id)).delivered).toBe(0);
  });

  it("counts receipts sent unanswered, as the field app sends them: each once, committed to the store; a stranger's changes nothing", async () => {
    const { body } = await send({ grids: [grid.code] });
    const [first, second] = [await worker(gridWorkers[2]!), await worker(gridWorkers[3]!)];
    const stranger = await worker(outsider);
    for (const phone of [first, second, first]) phone.emit('broadcast:delivered', body.id);
    first.emit('broadcast:confirm', body.id);
    first.emit('broadcast:confirm', body.id);
    stranger.emit('broadcast:delivered', body.id);
    stranger.emit('broadcast:confirm', 42);
    // Deliveries and confirmations commit in lanes of their own: wait for both.
    const settled = async () => {
      const rows = await server.deps.broadcastRepository.deliveriesOf(body.id);
      return rows.length === 2 && rows.some((d) => d.confirmedAtMs !== null);
    };
    await expect.poll(settled, { timeout: 5000 }).toBe(true);
    const stored = await server.deps.broadcastRepository.deliveriesOf(body.id);
    expect(stored.map((d) => d.worker).sort()).toEqual([gridWorkers[2], gridWorkers[3]].sort());
    expect(stored.find((d) => d.worker === gridWorkers[2])!.confirmedAtMs).not.toBeNull();
    expect(stored.find((d) => d.worker === gridWorkers[3])!.confirmedAtMs).toBeNull();
    expect(await progressOf(body.id)).toMatchObject({ delivered: 2, confirmed: 1 });
  });

  it('reaches a worker who was offline when they connect, and keeps it in their inbox', async () => {
    const id = gridWorkers[1]!;
    const { body } = await send({ grids: [grid.code] }, officer, '离线补发测试');
    const late = connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, id));
    const phone = await late;
    sockets.push(phone as unknown as Socket);
    const inbox = await new Promise<{ ok: true; items: InboxItem[] }>((resolve) => phone.emit('broadcast:inbox', resolve as never));
    expect(inbox.items.find((i) => i.id === body.id)).toMatchObject({ title: '离线补发测试', delivered: false });
    // Sent on connect (and again each resend round until acknowledged).
    const again = await next(phone, 'broadcast:new');
    expect(again.id).toBeDefined();
  });

  it('sends again to a connected worker who has not acknowledged', async () => {
    const phone = await worker(gridWorkers[2]!);
    const first = next(phone, 'broadcast:new');
    const { body } = await send({ grids: [grid.code] }, officer, '重发测试');
    expect((await first).id).toBe(body.id);
    const resent = await new Promise<WorkerBroadcast>((resolve) => phone.on('broadcast:new', (b) => b.id === body.id && resolve(b)));
    expect(resent.id).toBe(body.id);
    await emitAck(phone, 'broadcast:delivered', body.id);
  });

  it('sends an update to everyone in scope, exported as a CAP Update; a cancelled one cannot be updated', async () => {
    const phone = await worker(gridWorkers[3]!);
    const { body } = await send({ grids: [grid.code] }, officer, '更新前');
    const updated = next(phone, 'broadcast:updated');
    const res = await call(server.url, 'POST', `/api/broadcasts/${body.id}/update`, officer, { content: content('更新后：集结地点改为社区服务中心') });
    expect(res.status).toBe(200);
    expect((await updated).title).toBe('更新后：集结地点改为社区服务中心');
    const xml = await (await fetch(`${server.url}/api/broadcasts/${body.id}/cap`, { headers: { authorization: `Bearer ${officer}` } })).text();
    expect(xml).toContain('<msgType>Update</msgType>');
    expect(xml).toContain(`<references>citybrain@zhengzhou.gov.cn,zhengzhou.citybrain.${body.id},`);
    expect((await call(server.url, 'POST', `/api/broadcasts/${body.id}/update`, officer, { content: { ...content(), title: '' } })).status).toBe(400);
    expect((await updated).updatedBy).toBe('officer');
    expect(xml).toContain('<note>更新人 Updated by: officer</note>');
    // The city centre sent it: a street's or a district's officer may not rewrite it, however the grid lies in their area.
    expect((await call(server.url, 'POST', `/api/broadcasts/${body.id}/update`, await login(server.url, 'officer.huaihe'), { content: content() })).status).toBe(403);
    expect((await call(server.url, 'POST', `/api/broadcasts/${body.id}/update`, await login(server.url, 'officer.erqi'), { content: content() })).status).toBe(403);
    await call(server.url, 'POST', `/api/broadcasts/${body.id}/cancel`, officer);
    expect((await call(server.url, 'POST', `/api/broadcasts/${body.id}/update`, officer, { content: content() })).status).toBe(409);
  });

  it('tells everyone in scope when a broadcast is cancelled', async () => {
    const phone = await worker(gridWorkers[3]!);
    const { body } = await send({ grids: [grid.code] }, officer, '取消测试');
    const cancelled = next(phone, 'broadcast:cancelled');
    const res = await call(server.url, 'POST', `/api/broadcasts/${body.id}/cancel`, officer);
    expect(res.body.broadcast.state).toBe('cancelled');
    expect((await cancelled).id).toBe(body.id);
  });
});

describe('CAP 1.2 export', () => {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const order = ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope', 'restriction', 'references', 'info'];

  it('is a valid alert: required elements in schema order, CAP dateTimes, closed polygons', async () => {
    const { body } = await send({ districts: ['410103', '410105'] });
    const res = await fetch(`${server.url}/api/broadcasts/${body.id}/cap`, { headers: { authorization: `Bearer ${officer}` } });
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    const xml = await res.text();
    const alert = parser.parse(xml).alert;
    expect(alert['@_xmlns']).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    const keys = Object.keys(alert).filter((k) => !k.startsWith('@_'));
    expect(keys).toEqual(order.filter((k) => keys.includes(k)));
    expect(alert).toMatchObject({ identifier: `zhengzhou.citybrain.${body.id}`, status: 'Actual', msgType: 'Alert', scope: 'Restricted' });
    expect(alert.sender).not.toMatch(/[\s,<&]/);
    expect(alert.sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const info = alert.info;
    expect(info).toMatchObject({ language: 'zh-CN', category: 'Safety', urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed', headline: '暴雨红色预警' });
    const infoOrder = ['language', 'category', 'event', 'urgency', 'severity', 'certainty', 'senderName', 'headline', 'description', 'instruction', 'area'];
    expect(Object.keys(info)).toEqual(infoOrder);
    expect(info.area.areaDesc).toBe('二七区、金水区');
    const polygons: string[] = [info.area.polygon].flat();
    expect(polygons.length).toBeGreaterThanOrEqual(2);
    for (const polygon of polygons) {
      const pairs = polygon.trim().split(/\s+/);
      expect(pairs.length).toBeGreaterThanOrEqual(4);
      expect(pairs[0]).toBe(pairs.at(-1));
      for (const pair of pairs) {
        const [lat, lon] = pair.split(',').map(Number);
        expect(lat).toBeGreaterThan(34);
        expect(lat).toBeLessThan(35.1);
        expect(lon).toBeGreaterThan(112.5);
        expect(lon).toBeLessThan(114.5);
      }
    }
  });

  it('exports a drill as Exercise and a cancelled broadcast as a Cancel referring to the alert', async () => {
    const drill = await call(server.url, 'POST', '/api/broadcasts', officer, { content: { ...content('防汛演练'), exercise: true }, scope: { grids: [grid.code] } });
    await call(server.url, 'POST', `/api/broadcasts/${drill.body.id}/cancel`, officer);
    const xml = await (await fetch(`${server.url}/api/broadcasts/${drill.body.id}/cap`, { headers: { authorization: `Bearer ${officer}` } })).text();
    const alert = parser.parse(xml).alert;
    expect(alert).toMatchObject({ status: 'Exercise', msgType: 'Cancel' });
    expect(alert.identifier).toMatch(new RegExp(`^zhengzhou\\.citybrain\\.${drill.body.id}\\.cancel\\.\\d+$`));
    const [sender, identifier, sent] = alert.references.split(',');
    expect(sender).toBe(alert.sender);
    expect(identifier).toBe(`zhengzhou.citybrain.${drill.body.id}`);
    expect(sent).toMatch(/\+08:00$/);
  });

  it('publishes the broadcasts as an Atom feed of CAP alerts for integrations, exercises marked, newest first', async () => {
    const actual = await send({ districts: ['410103'] }, officer, '燃气管道抢修');
    const drill = await call(server.url, 'POST', '/api/broadcasts', officer, { content: { ...content('地震疏散演练'), exercise: true }, scope: { grids: [grid.code] } });
    expect((await fetch(`${server.url}/api/cap/feed.atom`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/cap/feed.atom`, { headers: { authorization: `Bearer ${officer}` } })).status).toBe(403);
    const res = await fetch(`${server.url}/api/cap/feed.atom`, { headers: { authorization: `Bearer ${await login(server.url, 'integration')}` } });
    expect(res.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'entry' }).parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const entries = feed.entry as { id: string; title: string; category: { '@_term': string }; content: { '@_type': string; alert: Record<string, unknown> } }[];
    expect(entries[0]!.id).toBe(`urn:citybrain:zhengzhou:broadcast:${drill.body.id}`);
    expect(entries[0]).toMatchObject({ title: '【演练 Exercise】地震疏散演练', category: { '@_term': 'Exercise' }, content: { '@_type': 'application/cap+xml' } });
    expect(entries[0]!.content.alert).toMatchObject({ '@_xmlns': 'urn:oasis:names:tc:emergency:cap:1.2', identifier: `zhengzhou.citybrain.${drill.body.id}`, status: 'Exercise', msgType: 'Alert' });
    const real = entries.find((e) => e.id.endsWith(actual.body.id))!;
    expect(real.content.alert).toMatchObject({ status: 'Actual', info: { headline: '燃气管道抢修', area: { areaDesc: '二七区' } } });
    // Each entry's alert is CAP in the schema's order (an amended one carries its note before its references).
    const schemaOrder = ['identifier', 'sender', 'sent', 'status', 'msgType', 'source', 'scope', 'restriction', 'addresses', 'code', 'note', 'references', 'incidents', 'info'];
    for (const entry of entries) {
      const keys = Object.keys(entry.content.alert).filter((k) => !k.startsWith('@_'));
      expect(keys).toEqual(schemaOrder.filter((k) => keys.includes(k)));
    }
  });
});

describe('the confirmation deadline', () => {
  it('lists the unconfirmed of a grid for its leader, and for a leader who connects later', async () => {
    const leaderIndex = Array.from({ length: roster.size }, (_, i) => i).find((i) => roster.grid[i] === grid.index && roster.role[i] === 'gridLeader')!;
    const leader = await worker(roster.id(leaderIndex));
    const member = await worker(gridWorkers.find((id) => id !== roster.id(leaderIndex))!);
    const listed = next(leader, 'broadcast:stragglers');
    const { body } = await call(server.url, 'POST', '/api/broadcasts', officer, { content: content('截止确认测试'), scope: { grids: [grid.code] }, confirmWithinMs: 1000 });
    await next(member, 'broadcast:new');
    await emitAck(member, 'broadcast:confirm', body.id);
    const stragglers = await listed;
    expect(stragglers).toMatchObject({ id: body.id, gridCode: grid.code, title: '截止确认测试' });
    const ids = stragglers.workers.map((w) => w.id);
    expect(ids).not.toContain(roster.id(leaderIndex));
    expect(ids).toHaveLength(gridWorkers.length - 2);

    leader.disconnect();
    // Listen before the connection opens: the list follows the handshake immediately.
    const again = io(`${server.url}/worker`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: await login(server.url, roster.id(leaderIndex)) } });
    sockets.push(again);
    const relisted = await new Promise<GridStragglers>((resolve) => again.on('broadcast:stragglers', (s: GridStragglers) => s.id === body.id && resolve(s)));
    expect(relisted.workers.map((w) => w.id).sort()).toEqual([...ids].sort());
  });
});
