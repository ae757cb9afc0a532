import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverBrief } from '../../common/domain/handover.ts';
import type { WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { gridWithWorkers, pointWhere } from '../support/city.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/** 交接班: a shift's events, whistles, cases, broadcasts, mode switches and sensors, counted from the store over the caller's area. */
const HUAIHE = '410103001';
const inHuaihe = pointWhere((p) => p.street.code === HUAIHE);
const inJinshui = pointWhere((p) => p.district.code === '410105');
const { grid, workers } = gridWithWorkers(HUAIHE);

describe('the handover brief (GET /api/handover)', () => {
  let server: RunningServer;
  let officer: string;
  let integration: string;
  let fromMs: number;
  let toMs: number;
  const ids = { gas: '', pavement: '', closed: '', far: '', case: '', broadcast: '' };
  let before = '';
  const phones: Socket<WorkerServerToClient, WorkerClientToServer>[] = [];
  const brief = async (token = officer, from = fromMs, to = toMs) => (await call(server.url, 'GET', `/api/handover?from=${from}&to=${to}`, token)) as { status: number; body: HandoverBrief };

  beforeAll(async () => {
    server = await startTestServer();
    officer = await login(server.url, 'officer');
    integration = await login(server.url, 'integration');
    // Reported before the shift, closed during it: the shift's closure, not its intake.
    before = (await call(server.url, 'POST', '/api/events', integration, report({ category: 'garbage', ...inHuaihe }))).body.id;
    await new Promise((resolve) => setTimeout(resolve, 20));
    fromMs = Date.now();
    const post = async (category: string, where: { lng: number; lat: number }) =>
      (await call(server.url, 'POST', '/api/events', integration, report({ category: category as never, ...where }))).body.id as string;
    ids.gas = await post('gasLeak', inHuaihe);
    ids.pavement = await post('pavementDamage', inHuaihe);
    ids.closed = await post('manholeCover', inHuaihe);
    ids.far = await post('noise', inJinshui);
    for (const to of ['signed', 'handling', 'resolved']) expect((await call(server.url, 'POST', `/api/events/${ids.closed}/transitions`, integration, { to })).status).toBe(200);
    for (const to of ['signed', 'handling', 'resolved']) expect((await call(server.url, 'POST', `/api/events/${before}/transitions`, integration, { to })).status).toBe(200);
    expect((await call(server.url, 'POST', `/api/events/${ids.pavement}/whistle`, officer, { departments: ['drainage', 'gas'], deadlineAtMs: Date.now() + 3_600_000 })).status).toBe(201);
    const opened = await call(server.url, 'POST', '/api/cases', officer, { title: '燃气与路面联办', kinds: ['department'], eventIds: [ids.gas, ids.pavement] });
    expect(opened.status).toBe(201);
    ids.case = opened.body.case.id;
    for (const id of workers.slice(0, 2)) phones.push(await connectClient<WorkerServerToClient, WorkerClientToServer>(server.url, 'worker', await login(server.url, id)));
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
      content: { title: '夜班防汛巡查', body: '请巡查辖区积水点。', priority: 'urgent', requiresConfirmation: true, exercise: false },
      scope: { grids: [grid.code] },
    });
    ids.broadcast = sent.body.id;
    for (const phone of phones) expect(await phone.timeout(5000).emitWithAck('broadcast:delivered', ids.broadcast)).toEqual({ ok: true });
    expect((await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨红色预警' })).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/sensors/readings', integration, { readings: [{ sensorId: 'WL000005', atMs: Date.now(), value: 33, unit: 'cm' }] })).status).toBe(200);
    toMs = Date.now() + 1000;
  });
  afterAll(async () => {
    for (const phone of phones) phone.disconnect();
    await server?.stop();
  });

  it('counts and lists the shift’s events, and what is still open by severity', async () => {
    const { status, body } = await brief();
    expect(status).toBe(200);
    expect(body.area).toEqual({ code: null, name: '全市' });
    // The four reported in the shift (and the waterlogging alarm's own event), not the one reported before it.
    const opened = body.events.openedList.map((e) => e.id);
    expect(opened).toEqual(expect.arrayContaining([ids.gas, ids.pavement, ids.closed, ids.far]));
    expect(opened).not.toContain(before);
    expect(body.events.opened).toBe(opened.length);
    // Closed in the shift: the one reported in it and the one reported before it.
    expect(body.events.closed).toBe(2);
    const stillOpen = body.events.stillOpen.map((e) => e.id);
    expect(stillOpen).toEqual(expect.arrayContaining([ids.gas, ids.pavement, ids.far]));
    expect(stillOpen).not.toContain(ids.closed);
    expect(body.events.stillOpen.find((e) => e.id === ids.gas)).toMatchObject({ severity: 'urgent', categoryName: '燃气泄漏', districtName: '二七区' });
    expect(body.events.stillOpen.find((e) => e.id === ids.pavement)).toMatchObject({ severity: 'routine' });
    const bySeverity = body.events.openBySeverity;
    expect(bySeverity.urgent + bySeverity.prompt + bySeverity.routine).toBe(body.events.openNow);
  });

  it('gives whistles outstanding, cases moved, broadcasts with their figures, mode switches and sensors above their lines', async () => {
    const { body } = await brief();
    expect(body.whistlesOutstanding).toEqual([expect.objectContaining({ eventId: ids.pavement, late: false, waiting: expect.arrayContaining([expect.any(String), expect.any(String)]) })]);
    expect(body.casesMoved).toEqual([expect.objectContaining({ id: ids.case, moves: ['opened'], state: 'open' })]);
    expect(body.broadcasts).toEqual([expect.objectContaining({ id: ids.broadcast, title: '夜班防汛巡查', targeted: workers.length, delivered: 2 })]);
    expect(body.modeSwitches).toEqual([expect.objectContaining({ mode: 'emergency', reason: '暴雨红色预警', actor: 'officer' })]);
    expect(body.sensors.waterAbove.map((w) => w.id)).toContain('WL000005');
    expect(body.summaryZh[1]).toBe(`本班受理事件 ${body.events.opened} 件，办结 2 件。`);
    expect(body.summaryZh.join('\n')).toContain('发布指令「夜班防汛巡查」（紧急）：应达');
    expect(body.summaryZh.join('\n')).toContain('切换为应急处置：暴雨红色预警（officer）');
  });

  it('covers a street officer’s street only, and an earlier period has none of it', async () => {
    const street = (await brief(await login(server.url, 'officer.huaihe'))).body;
    expect(street.area).toMatchObject({ code: HUAIHE });
    expect(street.events.openedList.map((e) => e.id)).not.toContain(ids.far);
    expect(street.events.openedList.map((e) => e.id)).toEqual(expect.arrayContaining([ids.gas, ids.pavement, ids.closed]));
    const earlier = (await brief(officer, fromMs - 3_600_000, fromMs - 1)).body;
    expect(earlier.events.openedList.map((e) => e.id)).not.toContain(ids.gas);
    expect([earlier.events.closed, earlier.broadcasts.length, earlier.modeSwitches.length, earlier.casesMoved.length]).toEqual([0, 0, 0, 0]);
  });

  it('refuses a period backwards, longer than a week or unnamed, and anyone but an officer', async () => {
    expect((await brief(officer, toMs, fromMs)).body).toMatchObject({ fields: ['to'] });
    expect((await brief(officer, fromMs, fromMs + 8 * 86_400_000)).status).toBe(400);
    expect((await call(server.url, 'GET', '/api/handover', officer)).status).toBe(400);
    expect((await brief(await login(server.url, 'wall'))).status).toBe(403);
    expect((await call(server.url, 'GET', `/api/handover?from=${fromMs}&to=${toMs}`, null)).status).toBe(401);
  });
});
