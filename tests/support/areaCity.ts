import sharp from 'sharp';
import { expect } from 'vitest';
import type { Category } from '../../common/domain/categories.ts';
import type { RunningServer } from '../../server/index.ts';
import { pointWhere } from './city.ts';
import { report } from './reports.ts';
import { call, login, startTestServer, stubClientDir } from './server.ts';

/**
 * The area matrices' city (tests/integration/area-matrix*.test.ts): a server, the principals, and
 * for each kind of object one inside every principal's area and one outside — events, photos,
 * cases, broadcasts, workers on the roster, sensors. `openAreaCity` fills these in (one test file,
 * one city: Vitest gives each file its own copy of this module).
 */
export const HUAIHE = '410103001';
export const ERQI = '410103';
export const JINSHUI = '410105';
export const PHONE = '13912345678';
export const inHuaihe = pointWhere((p) => p.street.code === HUAIHE);
export const inJinshui = pointWhere((p) => p.district.code === JINSHUI);

export type Who = 'streetOfficer' | 'districtOfficer' | 'cityDepartment' | 'districtDepartment' | 'worker';
export const ROLE_OF: Record<Who, 'officer' | 'department' | 'worker'> = {
  streetOfficer: 'officer',
  districtOfficer: 'officer',
  cityDepartment: 'department',
  districtDepartment: 'department',
  worker: 'worker',
};

export const city = { server: undefined as unknown as RunningServer };
export const tokens = {} as Record<Who | 'cityOfficer' | 'integration' | 'jinshuiOfficer', string>;
/** Events: inside every principal's area (Huaihe, dispatched to waterSupply, the worker's task); in Jinshui (dispatched to waterSupply); in Huaihe for another department. */
export const ev = { in: '', far: '', other: '', done: '' };
export const photos = { in: '', far: '', other: '' };
export const cases = { in: '', far: '', span: '' };
export const broadcasts = { in: '', far: '' };
/** Exercise broadcasts (演练), scored as drills: to 淮河路街道 and to 金水区. */
export const drills = { in: '', far: '' };
export const workers = { in: '', far: '' };
export const sensors = { in: '', far: '' };

export const as = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => call(city.server.url, method, path, tokens[who], body);
const png = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#37a' } })
    .png()
    .toBuffer();
export const upload = async (who: keyof typeof tokens, id: string): Promise<{ status: number; body: { id?: string } }> => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'photo.png');
  const res = await fetch(`${city.server.url}/api/events/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
  return { status: res.status, body: (await res.json()) as { id?: string } };
};
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function openAreaCity(): Promise<void> {
  city.server = await startTestServer({ clientDir: stubClientDir() });
  const { accounts } = city.server.deps.trust;
  await accounts.add('water.erqi', 'department', ERQI, 'erqi water desk', 'waterSupply');
  await accounts.add('officer.jinshui', 'officer', JINSHUI, 'jinshui officer desk');
  const signIn = async (username: string, password: string) => (await call(city.server.url, 'POST', '/api/auth/login', null, { username, password })).body.token as string;
  const directory = city.server.deps.directory;
  for (let i = 0; i < directory.roster.size && !(workers.in && workers.far); i++) {
    const place = directory.placeOf(i);
    if (!workers.in && place.streetCode === HUAIHE) workers.in = directory.idOf(i);
    if (!workers.far && place.districtCode === JINSHUI) workers.far = directory.idOf(i);
  }
  Object.assign(tokens, {
    streetOfficer: await login(city.server.url, 'officer.huaihe'),
    districtOfficer: await login(city.server.url, 'officer.erqi'),
    cityDepartment: await login(city.server.url, 'dept.waterSupply'),
    districtDepartment: await signIn('water.erqi', 'erqi water desk'),
    worker: await login(city.server.url, workers.in),
    cityOfficer: await login(city.server.url, 'officer'),
    integration: await login(city.server.url, 'integration'),
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
  const farWorker = await login(city.server.url, workers.far);
  expect((await call(city.server.url, 'POST', `/api/events/${ev.far}/task/complete`, farWorker, { outcome: 'confirmed' })).status).toBe(200);
  for (const key of ['in', 'far', 'other'] as const) photos[key] = (await upload('integration', ev[key])).body.id!;
  cases.in = (await as('cityOfficer', 'POST', '/api/cases', { title: '淮河路跨部门', kinds: ['department'], eventIds: [ev.in] })).body.case.id;
  cases.far = (await as('cityOfficer', 'POST', '/api/cases', { title: '金水跨部门', kinds: ['department'], eventIds: [ev.far] })).body.case.id;
  cases.span = (await as('cityOfficer', 'POST', '/api/cases', { title: '跨区协调', kinds: ['region'], eventIds: [ev.other, ev.far] })).body.case.id;
  const send = async (who: 'streetOfficer' | 'jinshuiOfficer', scope: object, exercise = false) =>
    (await as(who, 'POST', '/api/broadcasts', { content: { title: '区域', body: '测试', priority: 'normal', requiresConfirmation: true, exercise }, scope })).body.id as string;
  broadcasts.in = await send('streetOfficer', { streets: [HUAIHE] });
  broadcasts.far = await send('jinshuiOfficer', { districts: [JINSHUI] });
  drills.in = await send('streetOfficer', { streets: [HUAIHE] }, true);
  drills.far = await send('jinshuiOfficer', { districts: [JINSHUI] }, true);
  const registry = city.server.deps.sensors!.registry;
  for (let i = 0; i < registry.size && !(sensors.in && sensors.far); i++) {
    const place = city.server.deps.sensors!.placeOf(registry.id(i))!;
    if (!sensors.in && place.streetCode === HUAIHE) sensors.in = registry.id(i);
    if (!sensors.far && place.districtCode === JINSHUI) sensors.far = registry.id(i);
  }
  expect(Object.values({ ...workers, ...sensors }).every(Boolean)).toBe(true);
}
