import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category } from '../../common/domain/categories.ts';
import { SENSOR_UNITS } from '../../common/domain/sensors.ts';
import type { RunningServer } from '../../server/index.ts';
import { AREA_RULES, type AreaRule, ROUTES, SOCKET_AREA_RULES } from '../support/authMatrix.ts';
import { pointWhere } from '../support/city.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';

/**
 * The area matrix: every route whose area rule names an object (tests/support/authMatrix.ts
 * AREA_RULES), for each principal the route admits — a street and a district officer, a
 * city-wide and a district department, a grid worker — against an object inside their area and
 * one outside. Inside: let through (any answer but 401/403/404, never 5xx) and, for a read, the
 * reporter's phone number is there. Outside: refused (403/404) with nothing changed, or answered
 * without the phone number anywhere in the answer.
 */
const HUAIHE = '410103001';
const ERQI = '410103';
const JINSHUI = '410105';
const PHONE = '13912345678';
const inHuaihe = pointWhere((p) => p.street.code === HUAIHE);
const inJinshui = pointWhere((p) => p.district.code === JINSHUI);

type Who = 'streetOfficer' | 'districtOfficer' | 'cityDepartment' | 'districtDepartment' | 'worker';
const ROLE_OF: Record<Who, 'officer' | 'department' | 'worker'> = {
  streetOfficer: 'officer',
  districtOfficer: 'officer',
  cityDepartment: 'department',
  districtDepartment: 'department',
  worker: 'worker',
};
type Answer = { status: number; text: string };
/** What one request shows of the object: its status, and the text that concerns it (the whole body, or the object's entry in a list; '' when absent). */
type Probe = (who: Who, where: 'inside' | 'outside') => Promise<Answer>;
/** The object's stored state, compared before and after a refused write. */
type Footprint = (where: 'inside' | 'outside', who: Who) => Promise<string>;

let server: RunningServer;
const tokens = {} as Record<Who | 'cityOfficer' | 'integration' | 'jinshuiOfficer', string>;
/** Events: inside every principal's area (Huaihe, dispatched to waterSupply, the worker's task); in Jinshui (dispatched to waterSupply); in Huaihe for another department. */
const ev = { in: '', far: '', other: '', done: '' };
const photos = { in: '', far: '', other: '' };
const cases = { in: '', far: '', span: '' };
const broadcasts = { in: '', far: '' };
const workers = { in: '', far: '' };
const sensors = { in: '', far: '' };

/** Which event is inside or outside for whom: a city-wide department's outside is one not dispatched to it. */
const eventFor = (who: Who, where: 'inside' | 'outside') => (where === 'inside' ? ev.in : who === 'cityDepartment' ? ev.other : ev.far);
const photoFor = (who: Who, where: 'inside' | 'outside') => (where === 'inside' ? photos.in : who === 'cityDepartment' ? photos.other : photos.far);

const as = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => call(server.url, method, path, tokens[who], body);
const answer = async (res: Promise<{ status: number; body: unknown }>): Promise<Answer> => {
  const { status, body } = await res;
  return { status, text: JSON.stringify(body) ?? '' };
};
const entryOf = (list: { id?: string; service_request_id?: string }[] | undefined, id: string) => JSON.stringify(list?.find((e) => (e.id ?? e.service_request_id) === id) ?? '');
const png = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#37a' } })
    .png()
    .toBuffer();
const upload = async (who: keyof typeof tokens, id: string): Promise<{ status: number; body: { id?: string } }> => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'photo.png');
  const res = await fetch(`${server.url}/api/events/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
  return { status: res.status, body: (await res.json()) as { id?: string } };
};
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const eventState = (where: 'inside' | 'outside', who: Who) => server.deps.events.get(eventFor(who, where)).then((e) => JSON.stringify(e));

/** For each route with an object of an area: how to ask it, and what must not change when it is refused. */
const PROBES: Partial<Record<keyof typeof ROUTES, { probe: Probe; footprint?: Footprint }>> = {
  'GET /api/events': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', '/api/events?limit=500');
      return { status: r.status, text: entryOf(r.body?.events, eventFor(who, where)) };
    },
  },
  'GET /api/events/:id': { probe: (who, where) => answer(as(who, 'GET', `/api/events/${eventFor(who, where)}`)) },
  'POST /api/events/:id/transitions': {
    probe: (who, where) =>
      answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/transitions`, ROLE_OF[who] === 'department' ? { to: 'signed' } : { to: 'dispatched', departments: ['waterSupply'] })),
    footprint: eventState,
  },
  'POST /api/events/:id/evaluation': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/evaluation`, { satisfied: true })), footprint: eventState },
  'POST /api/events/:id/attachments': {
    probe: async (who, where) => answer(upload(who, eventFor(who, where))),
    footprint: async (where, who) => JSON.stringify(await server.deps.stores.attachments.listOf(eventFor(who, where))),
  },
  'GET /api/attachments/:id': {
    probe: async (who, where) => {
      const res = await fetch(`${server.url}/api/attachments/${photoFor(who, where)}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      await res.arrayBuffer();
      return { status: res.status, text: '' };
    },
  },
  'GET /api/attachments/:id/thumbnail': {
    probe: async (who, where) => {
      const res = await fetch(`${server.url}/api/attachments/${photoFor(who, where)}/thumbnail`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      await res.arrayBuffer();
      return { status: res.status, text: '' };
    },
  },
  'POST /api/events/:id/whistle': {
    probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/whistle`, { departments: ['drainage'], deadlineAtMs: Date.now() + 3_600_000 })),
    footprint: eventState,
  },
  'POST /api/events/:id/whistle/report-in': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/whistle/report-in`)), footprint: eventState },
  'POST /api/events/:id/whistle/ratings': {
    probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/whistle/ratings`, { ratings: [{ department: 'waterSupply', score: 5 }] })),
    footprint: eventState,
  },
  // The department's desk: what is dispatched to it (in its district), and nothing else.
  'GET /api/desk/queue': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', '/api/desk/queue');
      const id = eventFor(who, where);
      const found = r.body?.items?.some((i: { id: string }) => i.id === id);
      return { status: where === 'outside' && !found ? 404 : r.status, text: '' };
    },
  },
  'GET /api/workers/:id/track': { probe: (who, where) => answer(as(who, 'GET', `/api/workers/${where === 'inside' ? workers.in : workers.far}/track?date=${today()}`)) },
  // 网格员考核: a worker of another area is no row of the answer.
  'GET /api/workers/assessment': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', `/api/workers/assessment?level=worker&from=${today()}&to=${today()}`);
      const id = where === 'inside' ? workers.in : workers.far;
      const row = r.body?.rows?.find((x: { code: string }) => x.code === id);
      return { status: row ? r.status : 404, text: '' };
    },
  },
  'POST /api/events/:id/task': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/task`, { worker: workers.in, kind: 'verify' })), footprint: eventState },
  'POST /api/events/:id/task/accept': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/task/accept`)), footprint: eventState },
  'POST /api/events/:id/task/complete': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/task/complete`, { outcome: 'confirmed' })), footprint: eventState },
  'GET /api/cases': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', '/api/cases');
      const id = where === 'inside' ? cases.in : cases.far;
      return { status: r.body?.cases?.some((c: { id: string }) => c.id === id) ? r.status : 404, text: '' };
    },
  },
  'POST /api/cases': {
    probe: (who, where) => answer(as(who, 'POST', '/api/cases', { title: '跨区协调', kinds: ['region'], eventIds: [where === 'inside' ? ev.in : ev.far] })),
    footprint: async () => JSON.stringify((await server.deps.stores.cases.all()).length),
  },
  'GET /api/cases/:id': { probe: (who, where) => answer(as(who, 'GET', `/api/cases/${where === 'inside' ? cases.in : cases.far}`)) },
  // Outside: the city centre's case spanning two districts, which a street or district officer can read but not act on.
  'POST /api/cases/:id/meetings': {
    probe: (who, where) => answer(as(who, 'POST', `/api/cases/${where === 'inside' ? cases.in : cases.span}/meetings`, { atMs: Date.now(), participants: ['水务'], decisions: '联合处置' })),
    footprint: async (where) => JSON.stringify(await server.deps.stores.cases.get(where === 'inside' ? cases.in : cases.span)),
  },
  'POST /api/cases/:id/close': {
    probe: (who, where) => answer(as(who, 'POST', `/api/cases/${where === 'inside' ? cases.in : cases.span}/close`, { resolution: '已办结' })),
    footprint: async (where) => JSON.stringify(await server.deps.stores.cases.get(where === 'inside' ? cases.in : cases.span)),
  },
  'POST /api/sensors/readings': {
    probe: (who, where) => {
      const id = where === 'inside' ? sensors.in : sensors.far;
      const kind = server.deps.sensors!.registry.kindOf(server.deps.sensors!.registry.indexOf(id));
      return answer(as(who, 'POST', '/api/sensors/readings', { readings: [{ sensorId: id, atMs: Date.now(), value: 1, unit: SENSOR_UNITS[kind] }] }));
    },
  },
  'POST /api/broadcasts/preview': { probe: (who, where) => answer(as(who, 'POST', '/api/broadcasts/preview', { scope: where === 'inside' ? { streets: [HUAIHE] } : { districts: [JINSHUI] } })) },
  'POST /api/broadcasts': {
    probe: (who, where) =>
      answer(
        as(who, 'POST', '/api/broadcasts', {
          content: { title: '区域矩阵', body: '测试', priority: 'normal', requiresConfirmation: false },
          scope: where === 'inside' ? { streets: [HUAIHE] } : { districts: [JINSHUI] },
        }),
      ),
    footprint: async () => JSON.stringify((await server.deps.broadcastRepository.recent(1))[0]?.id),
  },
  'GET /api/broadcasts/:id/stragglers': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/stragglers`);
      const grids: unknown[] = r.body?.grids ?? [];
      return { status: where === 'outside' && grids.length === 0 ? 404 : r.status, text: JSON.stringify(grids) };
    },
  },
  'POST /api/broadcasts/:id/update': {
    probe: (who, where) =>
      answer(
        as(who, 'POST', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/update`, {
          content: { title: '更新', body: '更新内容', priority: 'normal', requiresConfirmation: false },
        }),
      ),
    footprint: async (where) => JSON.stringify((await server.deps.broadcastRepository.get(where === 'inside' ? broadcasts.in : broadcasts.far))?.content),
  },
  'POST /api/broadcasts/:id/cancel': {
    probe: (who, where) => answer(as(who, 'POST', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/cancel`)),
    footprint: async (where) => JSON.stringify((await server.deps.broadcastRepository.get(where === 'inside' ? broadcasts.in : broadcasts.far))?.state),
  },
  'GET /open311/v2/requests.json': {
    probe: async (who, where) => {
      const id = eventFor(who, where);
      const r = await as(who, 'GET', `/open311/v2/requests.json?service_request_id=${id}`);
      return { status: r.status, text: entryOf(r.body, id) };
    },
  },
  'GET /open311/v2/requests/:id.json': { probe: (who, where) => answer(as(who, 'GET', `/open311/v2/requests/${eventFor(who, where)}.json`)) },
};

/** Routes whose answer to a reader outside is the object without contacts (lists and detail), not a refusal. */
const READS_SHOWING_CONTACTS = new Set(['GET /api/events', 'GET /api/events/:id', 'GET /open311/v2/requests.json', 'GET /open311/v2/requests/:id.json']);

/**
 * Routes whose row in the authorisation matrix is the area's answer for its own object (the
 * matrix's event lies outside the street and district officers' areas; a worker's task there is
 * not theirs): here, the roles they admit at all.
 */
const ADMITTED_ROLES: Partial<Record<keyof typeof ROUTES, readonly ('officer' | 'department' | 'worker')[]>> = {
  'POST /api/events/:id/attachments': ['officer', 'department', 'worker'],
  'POST /api/events/:id/task/accept': ['worker'],
};

/** Which of the principals each route admits (its role row in the authorisation matrix). */
const admits = (route: keyof typeof ROUTES, who: Who): boolean => {
  const roles = ADMITTED_ROLES[route];
  if (roles) return roles.includes(ROLE_OF[who]);
  const row = ROUTES[route];
  if (ROLE_OF[who] === 'officer') return row[who === 'streetOfficer' ? 'streetOfficer' : 'districtOfficer'] === 'ok';
  if (ROLE_OF[who] === 'department') return row.department === 'ok';
  return row.worker === 'ok';
};

const OBJECT_RULES = new Set<AreaRule>(['event', 'attachment', 'worker', 'case', 'broadcast', 'sensor']);
const areaRoutes = (Object.entries(AREA_RULES) as [keyof typeof ROUTES, AreaRule][]).filter(([, rule]) => OBJECT_RULES.has(rule)).map(([route]) => route);
const WHO: Who[] = ['streetOfficer', 'districtOfficer', 'cityDepartment', 'districtDepartment', 'worker'];
const cells = areaRoutes.flatMap((route) => WHO.filter((who) => admits(route, who)).map((who) => [route, who] as const));

beforeAll(async () => {
  server = await startTestServer({ clientDir: stubClientDir() });
  const { accounts } = server.deps.trust;
  await accounts.add('water.erqi', 'department', ERQI, 'erqi water desk', 'waterSupply');
  await accounts.add('officer.jinshui', 'officer', JINSHUI, 'jinshui officer desk');
  const signIn = async (username: string, password: string) => (await call(server.url, 'POST', '/api/auth/login', null, { username, password })).body.token as string;
  const directory = server.deps.directory;
  for (let i = 0; i < directory.roster.size && !(workers.in && workers.far); i++) {
    const place = directory.placeOf(i);
    if (!workers.in && place.streetCode === HUAIHE) workers.in = directory.idOf(i);
    if (!workers.far && place.districtCode === JINSHUI) workers.far = directory.idOf(i);
  }
  Object.assign(tokens, {
    streetOfficer: await login(server.url, 'officer.huaihe'),
    districtOfficer: await login(server.url, 'officer.erqi'),
    cityDepartment: await login(server.url, 'dept.waterSupply'),
    districtDepartment: await signIn('water.erqi', 'erqi water desk'),
    worker: await login(server.url, workers.in),
    cityOfficer: await login(server.url, 'officer'),
    integration: await login(server.url, 'integration'),
    jinshuiOfficer: await signIn('officer.jinshui', 'jinshui officer desk'),
  });
  const reporter = { name: '张三', phone: PHONE };
  // Joint categories wait for an officer's dispatch; each its own, so none is a duplicate of another.
  const newEvent = async (where: { lng: number; lat: number }, departments: string[], category: Category) => {
    const created = await as('integration', 'POST', '/api/events', { ...report({ category, ...where, description: `消防栓漏水，联系电话${PHONE}` }), reporter });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const to of ['accepted', 'filed'] as const) await as('integration', 'POST', `/api/events/${id}/transitions`, { to });
    expect((await as('integration', 'POST', `/api/events/${id}/transitions`, { to: 'dispatched', departments })).status).toBe(200);
    return id;
  };
  ev.in = await newEvent(inHuaihe, ['waterSupply'], 'fireHydrantFault');
  ev.far = await newEvent(inJinshui, ['waterSupply'], 'fireHydrantFault');
  ev.other = await newEvent(inHuaihe, ['fire'], 'vehicleTrapped');
  ev.done = await newEvent(inHuaihe, ['waterSupply'], 'elevatorEntrapment');
  const deadlineAtMs = Date.now() + 3_600_000;
  for (const [id, departments] of [
    [ev.in, ['waterSupply']],
    [ev.far, ['waterSupply']],
    [ev.other, ['fire']],
  ] as const)
    expect((await as('cityOfficer', 'POST', `/api/events/${id}/whistle`, { departments, deadlineAtMs })).status).toBe(201);
  // The worker's open task inside; done tasks make each worker a row of today's assessment.
  expect((await as('cityOfficer', 'POST', `/api/events/${ev.in}/task`, { worker: workers.in, kind: 'verify' })).status).toBe(201);
  expect((await as('cityOfficer', 'POST', `/api/events/${ev.done}/task`, { worker: workers.in, kind: 'verify' })).status).toBe(201);
  expect((await as('worker', 'POST', `/api/events/${ev.done}/task/complete`, { outcome: 'confirmed' })).status).toBe(200);
  expect((await as('cityOfficer', 'POST', `/api/events/${ev.far}/task`, { worker: workers.far, kind: 'verify' })).status).toBe(201);
  const farWorker = await login(server.url, workers.far);
  expect((await call(server.url, 'POST', `/api/events/${ev.far}/task/complete`, farWorker, { outcome: 'confirmed' })).status).toBe(200);
  for (const key of ['in', 'far', 'other'] as const) photos[key] = (await upload('integration', ev[key])).body.id!;
  cases.in = (await as('cityOfficer', 'POST', '/api/cases', { title: '淮河路跨部门', kinds: ['department'], eventIds: [ev.in] })).body.case.id;
  cases.far = (await as('cityOfficer', 'POST', '/api/cases', { title: '金水跨部门', kinds: ['department'], eventIds: [ev.far] })).body.case.id;
  cases.span = (await as('cityOfficer', 'POST', '/api/cases', { title: '跨区协调', kinds: ['region'], eventIds: [ev.other, ev.far] })).body.case.id;
  const send = async (who: 'streetOfficer' | 'jinshuiOfficer', scope: object) =>
    (await as(who, 'POST', '/api/broadcasts', { content: { title: '区域', body: '测试', priority: 'normal', requiresConfirmation: true }, scope })).body.id as string;
  broadcasts.in = await send('streetOfficer', { streets: [HUAIHE] });
  broadcasts.far = await send('jinshuiOfficer', { districts: [JINSHUI] });
  const registry = server.deps.sensors!.registry;
  for (let i = 0; i < registry.size && !(sensors.in && sensors.far); i++) {
    const place = server.deps.sensors!.placeOf(registry.id(i))!;
    if (!sensors.in && place.streetCode === HUAIHE) sensors.in = registry.id(i);
    if (!sensors.far && place.districtCode === JINSHUI) sensors.far = registry.id(i);
  }
  expect(Object.values({ ...workers, ...sensors }).every(Boolean)).toBe(true);
}, 120_000);
afterAll(() => server?.stop());

describe('the area matrix', () => {
  it('has a probe for every route whose area rule names an object', () => {
    expect(areaRoutes.filter((route) => !PROBES[route])).toEqual([]);
    // Its size, for the record: routes × principals × inside/outside.
    console.info(`area matrix: ${areaRoutes.length} routes, ${cells.length} route × principal pairs, ${cells.length * 2} cells`);
  });

  it.each(cells)('%s as %s: inside let through, outside refused or without contacts, nothing changed', async (route, who) => {
    const { probe, footprint } = PROBES[route]!;
    const inside = await probe(who, 'inside');
    expect(inside.status, `${route} inside as ${who}: ${inside.text.slice(0, 200)}`).toBeLessThan(500);
    expect([401, 403, 404], `${route} inside as ${who}: ${inside.text.slice(0, 200)}`).not.toContain(inside.status);
    if (READS_SHOWING_CONTACTS.has(route) && ROLE_OF[who] !== 'worker') expect(inside.text, `${route} inside as ${who}`).toContain(PHONE);

    const before = footprint ? await footprint('outside', who) : null;
    const outside = await probe(who, 'outside');
    expect(outside.status, `${route} outside as ${who}`).toBeLessThan(500);
    if (outside.status !== 403 && outside.status !== 404) {
      expect(READS_SHOWING_CONTACTS.has(route), `${route} outside as ${who} answered ${outside.status}: ${outside.text.slice(0, 200)}`).toBe(true);
      expect(outside.text, `${route} outside as ${who}`).not.toContain(PHONE);
      expect(outside.text, `${route} outside as ${who}`).not.toContain('张三');
    }
    if (footprint) expect(await footprint('outside', who), `${route} outside as ${who} changed something`).toBe(before);
  });
});

describe('area rules by the hierarchy, never by code prefix', () => {
  it('a task goes only to a worker of the event’s grid or of the officer’s area', async () => {
    const id = (await as('integration', 'POST', '/api/events', report({ category: 'gasLeak', ...inHuaihe }))).body.id;
    expect(await as('streetOfficer', 'POST', `/api/events/${id}/task`, { worker: workers.far, kind: 'verify' })).toMatchObject({ status: 403, body: { fields: ['worker'] } });
    expect((await server.deps.events.get(id))!.task ?? null).toBeNull();
    expect((await as('streetOfficer', 'POST', `/api/events/${id}/task`, { worker: workers.in, kind: 'verify' })).status).toBe(201);
  });

  it('an officer merges an event of their area only into one of their area', async () => {
    const mine = (await as('integration', 'POST', '/api/events', report({ category: 'illegalWiring', ...inHuaihe }))).body.id;
    const refused = await as('streetOfficer', 'POST', `/api/events/${mine}/transitions`, { to: 'accepted', duplicateOf: ev.far });
    expect(refused).toMatchObject({ status: 403, body: { fields: ['duplicateOf'] } });
    expect((await server.deps.events.get(mine))!.duplicateOf ?? null).toBeNull();
  });

  it('郑东新区 (4101ZD) and 金水区 (410105): each district’s officers see their own workers’ tracks, not the other’s', async () => {
    const directory = server.deps.directory;
    let zhengdong = '';
    let jinshui = '';
    for (let i = 0; i < directory.roster.size && !(zhengdong && jinshui); i++) {
      const place = directory.placeOf(i);
      // A Zhengdong worker whose street code begins with Jinshui's district code: where a prefix rule went wrong.
      if (!zhengdong && place.districtCode === '4101ZD' && place.streetCode.startsWith(JINSHUI)) zhengdong = directory.idOf(i);
      if (!jinshui && place.districtCode === JINSHUI) jinshui = directory.idOf(i);
    }
    expect(zhengdong, 'a 郑东新区 worker on a street numbered under 金水区').not.toBe('');
    await server.deps.trust.accounts.add('officer.zhengdong', 'officer', '4101ZD', 'zhengdong officer desk');
    const zd = (await call(server.url, 'POST', '/api/auth/login', null, { username: 'officer.zhengdong', password: 'zhengdong officer desk' })).body.token;
    const track = (token: string, worker: string) => call(server.url, 'GET', `/api/workers/${worker}/track?date=${today()}`, token).then((r) => r.status);
    expect(await track(tokens.jinshuiOfficer, zhengdong)).toBe(403);
    expect(await track(zd, zhengdong)).toBe(200);
    expect(await track(zd, jinshui)).toBe(403);
    expect(await track(tokens.jinshuiOfficer, jinshui)).toBe(200);
  });
});

/** What one socket request shows of the object: whether it is there, and the text that concerns it (its entry, or the answer). */
type SocketProbe = (socket: Socket, where: 'inside' | 'outside') => Promise<{ shown: boolean; text: string }>;

/** For each socket event whose area rule names an object: how to ask it. */
const SOCKET_PROBES: { [N in keyof typeof SOCKET_AREA_RULES]: Partial<Record<keyof (typeof SOCKET_AREA_RULES)[N], SocketProbe>> } = {
  wall: {
    'event:history': async (socket, where) => {
      const id = where === 'inside' ? ev.in : ev.far;
      const text = JSON.stringify(await socket.timeout(5000).emitWithAck('event:history', id));
      return { shown: text.includes(id), text };
    },
    // Both workers stand where they patrol (on duty, one fix each): a click finds the one there only if the area holds them.
    'worker:at': async (socket, where) => {
      const answer = await socket.timeout(5000).emitWithAck('worker:at', { ...(where === 'inside' ? inHuaihe : inJinshui), radiusM: 50 });
      return { shown: answer.ok === true && answer.worker.id === (where === 'inside' ? workers.in : workers.far), text: JSON.stringify(answer) };
    },
  },
  console: {
    'desk:requestSnapshot': async (socket, where) => {
      const answer = await socket.timeout(5000).emitWithAck('desk:requestSnapshot');
      const id = where === 'inside' ? ev.in : ev.far;
      const entry = answer.ok === true ? answer.snapshot.events.find((e: { id: string }) => e.id === id) : undefined;
      return { shown: entry !== undefined, text: entry === undefined ? '' : JSON.stringify(entry) };
    },
  },
  worker: {},
};

describe('the area matrix of socket events', () => {
  const socketCells = (Object.entries(SOCKET_AREA_RULES) as [keyof typeof SOCKET_AREA_RULES, Record<string, AreaRule>][]).flatMap(([namespace, rules]) =>
    Object.entries(rules)
      .filter(([, rule]) => OBJECT_RULES.has(rule))
      .flatMap(([event]) => (['streetOfficer', 'districtOfficer'] as const).map((who) => [namespace, event, who] as const)),
  );
  const phones: Socket[] = [];
  beforeAll(async () => {
    for (const [worker, where] of [
      [workers.in, inHuaihe],
      [workers.far, inJinshui],
    ] as const) {
      const phone: Socket = await connectClient(server.url, 'worker', await login(server.url, worker));
      phones.push(phone);
      expect(await phone.timeout(5000).emitWithAck('duty:set', { onDuty: true })).toMatchObject({ ok: true });
      expect(await phone.timeout(5000).emitWithAck('position:update', { ...where, atMs: Date.now(), accuracyM: 10 })).toMatchObject({ ok: true });
    }
  });
  afterAll(() => {
    for (const phone of phones) phone.disconnect();
  });

  it('has a probe for every socket event whose area rule names an object', () => {
    const missing = socketCells.filter(([namespace, event]) => !(SOCKET_PROBES[namespace] as Record<string, SocketProbe>)[event]);
    expect(missing).toEqual([]);
  });

  it.each(socketCells)('/%s %s as %s: inside shown, outside not (or without contacts)', async (namespace, event, who) => {
    const probe = (SOCKET_PROBES[namespace] as Record<string, SocketProbe>)[event]!;
    const socket: Socket = await connectClient(server.url, namespace, tokens[who]);
    try {
      const inside = await probe(socket, 'inside');
      expect(inside.shown, `inside: ${inside.text.slice(0, 200)}`).toBe(true);
      const outside = await probe(socket, 'outside');
      if (outside.shown) expect(outside.text, `outside: ${outside.text.slice(0, 200)}`).not.toContain(PHONE);
      else expect(outside.text).not.toContain(PHONE);
    } finally {
      socket.disconnect();
    }
  });

  it('a city officer finds a worker anywhere; an event’s history carries its contacts for the officers of its area', async () => {
    const city: Socket = await connectClient(server.url, 'wall', tokens.cityOfficer);
    const street: Socket = await connectClient(server.url, 'wall', tokens.streetOfficer);
    try {
      expect(await city.timeout(5000).emitWithAck('worker:at', { ...inJinshui, radiusM: 50 })).toMatchObject({ ok: true, worker: { id: workers.far } });
      expect(await street.timeout(5000).emitWithAck('worker:at', { ...inJinshui, radiusM: 50 })).toMatchObject({ ok: false });
      expect(JSON.stringify(await street.timeout(5000).emitWithAck('event:history', ev.in))).toContain(PHONE);
    } finally {
      city.disconnect();
      street.disconnect();
    }
  });
});
