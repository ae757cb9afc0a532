import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSOR_UNITS } from '../../common/domain/sensors.ts';
import { AREA_RULES, type AreaRule, ROUTES, OBJECT_RULES } from '../support/authMatrix.ts';
import { as, broadcasts, cases, city, drills, ev, HUAIHE, inHuaihe, JINSHUI, openAreaCity, PHONE, photos, ROLE_OF, sensors, today, tokens, upload, type Who, workers } from '../support/areaCity.ts';
import { report } from '../support/reports.ts';
import { call } from '../support/server.ts';
import { broadcastId } from '../../server/store/broadcastRepository.ts';

/**
 * The area matrix: every route whose area rule names an object (tests/support/authMatrix.ts
 * AREA_RULES), for each principal the route admits — a street and a district officer, a
 * city-wide and a district department, a grid worker — against an object inside their area and
 * one outside. Inside: let through (any answer but 401/403/404, never 5xx) and, for a read, the
 * reporter's phone number is there. Outside: refused (403/404) with nothing changed, or answered
 * without the phone number anywhere in the answer.
 */
type Answer = { status: number; text: string };
/** What one request shows of the object: its status, and the text that concerns it (the whole body, or the object's entry in a list; '' when absent). */
type Probe = (who: Who, where: 'inside' | 'outside') => Promise<Answer>;
/** The object's stored state, compared before and after a refused write. */
type Footprint = (where: 'inside' | 'outside', who: Who) => Promise<string>;

/** Which event is inside or outside for whom: a city-wide department's outside is one not dispatched to it. */
const eventFor = (who: Who, where: 'inside' | 'outside') => (where === 'inside' ? ev.in : who === 'cityDepartment' ? ev.other : ev.far);
const photoFor = (who: Who, where: 'inside' | 'outside') => (where === 'inside' ? photos.in : who === 'cityDepartment' ? photos.other : photos.far);

const answer = async (res: Promise<{ status: number; body: unknown }>): Promise<Answer> => {
  const { status, body } = await res;
  return { status, text: JSON.stringify(body) ?? '' };
};
const entryOf = (list: { id?: string; service_request_id?: string }[] | undefined, id: string) => JSON.stringify(list?.find((e) => (e.id ?? e.service_request_id) === id) ?? '');
const eventState = (where: 'inside' | 'outside', who: Who) => city.server.deps.events.get(eventFor(who, where)).then((e) => JSON.stringify(e));

/** For each route with an object of an area: how to ask it, and what must not change when it is refused. */
const PROBES: Partial<Record<keyof typeof ROUTES, { probe: Probe; footprint?: Footprint }>> = {
  'GET /api/events': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', '/api/events?limit=500');
      return { status: r.status, text: entryOf(r.body?.events, eventFor(who, where)) };
    },
  },
  'GET /api/events/:id': { probe: (who, where) => answer(as(who, 'GET', `/api/events/${eventFor(who, where)}`)) },
  // An export holds the officer's area only (and no contacts at all): outside, the event is absent.
  'GET /api/events/export': {
    probe: async (who, where) => {
      const res = await fetch(`${city.server.url}/api/events/export?from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      const text = await res.text();
      return { status: res.status === 200 && !text.includes(eventFor(who, where)) ? 404 : res.status, text: '' };
    },
  },
  // 交接班 counts and lists the caller's area's events only: outside, the event is in neither list.
  'GET /api/handover': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', `/api/handover?from=${Date.now() - 86_400_000}&to=${Date.now() + 60_000}`);
      const shown = JSON.stringify(r.body).includes(`"${eventFor(who, where)}"`);
      return { status: r.status === 200 && !shown ? 404 : r.status, text: '' };
    },
  },
  'GET /api/events/changes': {
    probe: async (who, where) => {
      // Every page of the feed: the event's newest change shown, or none.
      const id = eventFor(who, where);
      let status = 200;
      let text = '';
      for (let after = 0, pages = 0; pages < 100; pages++) {
        const r = await as(who, 'GET', `/api/events/changes?after=${after}&limit=1000`);
        status = r.status;
        if (status !== 200) break;
        const mine = (r.body.changes as { eventId: string }[]).filter((c) => c.eventId === id);
        if (mine.length) text = JSON.stringify(mine.at(-1));
        if (r.body.next === after) break;
        after = r.body.next;
      }
      return { status, text };
    },
  },
  'POST /api/events/:id/transitions': {
    probe: (who, where) =>
      answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/transitions`, ROLE_OF[who] === 'department' ? { to: 'signed' } : { to: 'dispatched', departments: ['waterSupply'] })),
    footprint: eventState,
  },
  'POST /api/events/:id/evaluation': { probe: (who, where) => answer(as(who, 'POST', `/api/events/${eventFor(who, where)}/evaluation`, { satisfied: true })), footprint: eventState },
  'POST /api/events/:id/attachments': {
    probe: async (who, where) => answer(upload(who, eventFor(who, where))),
    footprint: async (where, who) => JSON.stringify(await city.server.deps.stores.attachments.listOf(eventFor(who, where))),
  },
  'GET /api/attachments/:id': {
    probe: async (who, where) => {
      const res = await fetch(`${city.server.url}/api/attachments/${photoFor(who, where)}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      await res.arrayBuffer();
      return { status: res.status, text: '' };
    },
  },
  'GET /api/attachments/:id/thumbnail': {
    probe: async (who, where) => {
      const res = await fetch(`${city.server.url}/api/attachments/${photoFor(who, where)}/thumbnail`, { headers: { authorization: `Bearer ${tokens[who]}` } });
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
    footprint: async () => JSON.stringify((await city.server.deps.stores.cases.all()).length),
  },
  'GET /api/cases/:id': { probe: (who, where) => answer(as(who, 'GET', `/api/cases/${where === 'inside' ? cases.in : cases.far}`)) },
  // Outside: the city centre's case spanning two districts, which a street or district officer can read but not act on.
  'POST /api/cases/:id/meetings': {
    probe: (who, where) => answer(as(who, 'POST', `/api/cases/${where === 'inside' ? cases.in : cases.span}/meetings`, { atMs: Date.now(), participants: ['水务'], decisions: '联合处置' })),
    footprint: async (where) => JSON.stringify(await city.server.deps.stores.cases.get(where === 'inside' ? cases.in : cases.span)),
  },
  'POST /api/cases/:id/close': {
    probe: (who, where) => answer(as(who, 'POST', `/api/cases/${where === 'inside' ? cases.in : cases.span}/close`, { resolution: '已办结' })),
    footprint: async (where) => JSON.stringify(await city.server.deps.stores.cases.get(where === 'inside' ? cases.in : cases.span)),
  },
  'POST /api/sensors/readings': {
    probe: (who, where) => {
      const id = where === 'inside' ? sensors.in : sensors.far;
      const kind = city.server.deps.sensors!.registry.kindOf(city.server.deps.sensors!.registry.indexOf(id));
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
    footprint: async () => JSON.stringify((await city.server.deps.broadcastRepository.recent(1))[0]?.id),
  },
  'GET /api/broadcasts/drafts': {
    probe: async (who, where) => {
      const id = await draftFor(where);
      const r = await as(who, 'GET', '/api/broadcasts/drafts');
      return { status: r.body?.drafts?.some((d: { id: string }) => d.id === id) ? r.status : 404, text: '' };
    },
  },
  'POST /api/broadcasts/:id/approve': {
    probe: async (who, where) => answer(as(who, 'POST', `/api/broadcasts/${await draftFor(where)}/approve`)),
  },
  'POST /api/broadcasts/:id/reject': {
    probe: async (who, where) => answer(as(who, 'POST', `/api/broadcasts/${await draftFor(where)}/reject`, { reason: '范围有误' })),
  },
  'GET /api/broadcasts/:id/stragglers': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/stragglers`);
      const grids: unknown[] = r.body?.grids ?? [];
      return { status: where === 'outside' && grids.length === 0 ? 404 : r.status, text: JSON.stringify(grids) };
    },
  },
  'GET /api/drills/:id': {
    // Scored over the caller's area's targets: a drill with none there is refused.
    probe: async (who, where) => answer(as(who, 'GET', `/api/drills/${where === 'inside' ? drills.in : drills.far}`)),
  },
  'GET /api/broadcasts/:id/reach': {
    probe: async (who, where) => {
      const r = await as(who, 'GET', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/reach`);
      const attempts: unknown[] = r.body?.attempts ?? [];
      return { status: where === 'outside' && attempts.length === 0 ? 404 : r.status, text: JSON.stringify(attempts) };
    },
  },
  'POST /api/broadcasts/:id/update': {
    probe: (who, where) =>
      answer(
        as(who, 'POST', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/update`, {
          content: { title: '更新', body: '更新内容', priority: 'normal', requiresConfirmation: false },
        }),
      ),
    footprint: async (where) => JSON.stringify((await city.server.deps.broadcastRepository.get(where === 'inside' ? broadcasts.in : broadcasts.far))?.content),
  },
  'POST /api/broadcasts/:id/cancel': {
    probe: (who, where) => answer(as(who, 'POST', `/api/broadcasts/${where === 'inside' ? broadcasts.in : broadcasts.far}/cancel`)),
    footprint: async (where) => JSON.stringify((await city.server.deps.broadcastRepository.get(where === 'inside' ? broadcasts.in : broadcasts.far))?.state),
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

/** A fresh draft by another officer, to 淮河路街道 (inside a street or district officer's area) or to 金水区 (outside). */
async function draftFor(where: 'inside' | 'outside'): Promise<string> {
  const id = broadcastId(await city.server.deps.broadcastRepository.reserveSequence());
  await city.server.deps.stores.drafts.add({
    id,
    sender: 'officer.colleague',
    senderUnit: null,
    createdAtMs: Date.now(),
    request: {
      content: { title: '审核矩阵', body: '测试', priority: 'flash', requiresConfirmation: false, exercise: true },
      scope: { city: false, districts: where === 'inside' ? [] : [JINSHUI], streets: where === 'inside' ? [HUAIHE] : [], communities: [], grids: [], roles: [] },
      confirmWithinMs: 600_000,
    },
    targeted: 1,
    state: 'awaitingApproval',
    decidedBy: null,
    decidedAtMs: null,
    reason: null,
  });
  return id;
}

/** Routes whose answer to a reader outside is the object without contacts (lists and detail), not a refusal. */
const READS_SHOWING_CONTACTS = new Set(['GET /api/events', 'GET /api/events/:id', 'GET /api/events/changes', 'GET /open311/v2/requests.json', 'GET /open311/v2/requests/:id.json']);

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

const areaRoutes = (Object.entries(AREA_RULES) as [keyof typeof ROUTES, AreaRule][]).filter(([, rule]) => OBJECT_RULES.has(rule)).map(([route]) => route);
const WHO: Who[] = ['streetOfficer', 'districtOfficer', 'cityDepartment', 'districtDepartment', 'worker'];
const cells = areaRoutes.flatMap((route) => WHO.filter((who) => admits(route, who)).map((who) => [route, who] as const));

beforeAll(openAreaCity, 120_000);
afterAll(() => city.server?.stop());

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
    expect((await city.server.deps.events.get(id))!.task ?? null).toBeNull();
    expect((await as('streetOfficer', 'POST', `/api/events/${id}/task`, { worker: workers.in, kind: 'verify' })).status).toBe(201);
  });

  it('an officer merges an event of their area only into one of their area', async () => {
    const mine = (await as('integration', 'POST', '/api/events', report({ category: 'illegalWiring', ...inHuaihe }))).body.id;
    const refused = await as('streetOfficer', 'POST', `/api/events/${mine}/transitions`, { to: 'accepted', duplicateOf: ev.far });
    expect(refused).toMatchObject({ status: 403, body: { fields: ['duplicateOf'] } });
    expect((await city.server.deps.events.get(mine))!.duplicateOf ?? null).toBeNull();
  });

  it('郑东新区 (4101ZD) and 金水区 (410105): each district’s officers see their own workers’ tracks, not the other’s', async () => {
    const directory = city.server.deps.directory;
    let zhengdong = '';
    let jinshui = '';
    for (let i = 0; i < directory.roster.size && !(zhengdong && jinshui); i++) {
      const place = directory.placeOf(i);
      // A Zhengdong worker whose street code begins with Jinshui's district code: where a prefix rule went wrong.
      if (!zhengdong && place.districtCode === '4101ZD' && place.streetCode.startsWith(JINSHUI)) zhengdong = directory.idOf(i);
      if (!jinshui && place.districtCode === JINSHUI) jinshui = directory.idOf(i);
    }
    expect(zhengdong, 'a 郑东新区 worker on a street numbered under 金水区').not.toBe('');
    await city.server.deps.trust.accounts.add('officer.zhengdong', 'officer', '4101ZD', 'zhengdong officer desk');
    const zd = (await call(city.server.url, 'POST', '/api/auth/login', null, { username: 'officer.zhengdong', password: 'zhengdong officer desk' })).body.token;
    const track = (token: string, worker: string) => call(city.server.url, 'GET', `/api/workers/${worker}/track?date=${today()}`, token).then((r) => r.status);
    expect(await track(tokens.jinshuiOfficer, zhengdong)).toBe(403);
    expect(await track(zd, zhengdong)).toBe(200);
    expect(await track(zd, jinshui)).toBe(403);
    expect(await track(tokens.jinshuiOfficer, jinshui)).toBe(200);
  });
});
