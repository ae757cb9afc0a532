import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import type { Category } from '../../common/domain/categories.ts';
import { pointWhere } from '../support/city.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * `POST /api/events/:id/transitions` for officers, departments and integrations, each held to its
 * role: an officer's steps within their area, a department's on what is dispatched to it (in its
 * district, if it serves one), a return with its reason, 会商 with a lead and 包派 to a leader —
 * and of two departments acting at once, one wins and the other gets 409 with the event as it is.
 * On both stores.
 */
const HUAIHE = '410103001';
const inHuaihe = pointWhere((p) => p.street.code === HUAIHE);
const outsideErqi = pointWhere((p) => p.district.code !== '410103');

const database = await createTestDatabase();
afterAll(() => database?.drop());

for (const store of ['sqlite', 'postgres'] as const) {
  describe.skipIf(store === 'postgres' && !database)(`transitions by role (${store})`, () => {
    let server: RunningServer;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      // SQLite in memory; PostgreSQL in the database made for this file.
      server = await startTestServer(store === 'postgres' ? { databaseUrl: database!.url } : {});
      for (const name of ['officer', 'officer.erqi', 'officer.huaihe', 'integration', 'dept.waterSupply', 'dept.fire', 'dept.drainage', 'dept.cityManagement'])
        tokens[name] = await login(server.url, name);
      // A water company's desk for one district only (not Erqi).
      await server.deps.trust.accounts.add('water.jinshui', 'department', '410105', 'jinshui water desk', 'waterSupply');
      tokens['water.jinshui'] = (await call(server.url, 'POST', '/api/auth/login', null, { username: 'water.jinshui', password: 'jinshui water desk' })).body.token;
      // A district officer of Jinshui: outside Huaihe's area.
      await server.deps.trust.accounts.add('officer.jinshui', 'officer', '410105', 'jinshui officer desk');
      tokens['officer.jinshui'] = (await call(server.url, 'POST', '/api/auth/login', null, { username: 'officer.jinshui', password: 'jinshui officer desk' })).body.token;
    }, 60_000);
    afterAll(() => server?.stop());

    const step = (who: string, id: string, body: object) => call(server.url, 'POST', `/api/events/${id}/transitions`, tokens[who]!, body);
    // Each test its own category at a place: a second open report of one problem there would be its duplicate.
    const newEvent = async (where: { lng: number; lat: number }, category: Category = 'waterMainBurst') => {
      const created = await call(server.url, 'POST', '/api/events', tokens.integration!, report({ category, ...where }));
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    /** Joint categories wait on the officer's desk: the city centre accepts, files and dispatches in one click each. */
    const dispatchedByOfficer = async (id: string) => {
      for (const to of ['accepted', 'filed', 'dispatched'] as const) expect((await step('officer', id, { to })).status).toBe(200);
    };

    it('lets the dispatched department sign, handle and resolve; no other department, no officer, no desk of another district', async () => {
      const id = await newEvent(inHuaihe);
      // Dispatched at intake to the water company (一键直派).
      expect((await step('dept.fire', id, { to: 'signed' })).status).toBe(403);
      expect((await step('water.jinshui', id, { to: 'signed' })).status).toBe(403);
      const byOfficer = await step('officer', id, { to: 'signed' });
      expect(byOfficer).toMatchObject({ status: 403, body: { error: expect.stringContaining('department') } });
      for (const to of ['signed', 'handling', 'resolved'] as const)
        expect(await step('dept.waterSupply', id, { to, note: `${to} 处置记录` })).toMatchObject({ status: 200, body: { event: { state: to } } });
      const { body } = await call(server.url, 'GET', `/api/events/${id}`, tokens['dept.waterSupply']!);
      expect(body.history.slice(-3).map((t: { actor: string; to: string }) => [t.actor, t.to])).toEqual([
        ['dept.waterSupply', 'signed'],
        ['dept.waterSupply', 'handling'],
        ['dept.waterSupply', 'resolved'],
      ]);
    });

    it('a return needs its reason; officers re-dispatch within their area only: 会商 with a lead, 包派 to a leader, the default in one click', async () => {
      const id = await newEvent(inHuaihe);
      expect(await step('dept.waterSupply', id, { to: 'returned' })).toMatchObject({ status: 400, body: { fields: ['note'] } });
      expect((await step('dept.waterSupply', id, { to: 'returned', note: '非本单位管辖' })).body.event.state).toBe('returned');

      // Outside the street officer's area; inside the district officer's.
      const away = await newEvent(outsideErqi);
      expect((await step('dept.waterSupply', away, { to: 'returned', note: '不属于本单位' })).status).toBe(200);
      expect((await step('officer.huaihe', away, { to: 'dispatched' })).status).toBe(403);
      expect((await step('officer.erqi', away, { to: 'dispatched' })).status).toBe(403);
      expect((await step('officer.huaihe', id, { to: 'signed' })).status).toBe(403);

      // 会商: two departments, the lead named; a lead not among them is refused, naming the field.
      expect(await step('officer.huaihe', id, { to: 'dispatched', departments: ['fire', 'waterSupply'], leadDepartment: 'drainage' })).toMatchObject({
        status: 400,
        body: { fields: ['leadDepartment'] },
      });
      expect(await step('officer.huaihe', id, { to: 'dispatched', departments: ['fire', 'fire'] })).toMatchObject({ status: 400 });
      expect(await step('officer.huaihe', id, { to: 'signed', departments: ['fire'] })).toMatchObject({ status: 403 });
      const joint = await step('officer.erqi', id, { to: 'dispatched', departments: ['fire', 'waterSupply'], leadDepartment: 'waterSupply', note: '会商派单' });
      expect(joint).toMatchObject({ status: 200, body: { event: { state: 'dispatched', dispatch: { mode: 'joint', departments: ['fire', 'waterSupply'], lead: 'waterSupply', leader: null } } } });
      // Fire is now among its departments; drainage is not.
      expect((await step('dept.drainage', id, { to: 'signed' })).status).toBe(403);
      expect((await step('dept.fire', id, { to: 'returned', note: '需领导协调' })).status).toBe(200);

      // 领导包派 by the city centre; then the category's own in one click.
      const led = await step('officer', id, { to: 'dispatched', leader: '李副区长', departments: ['waterSupply'] });
      expect(led.body.event.dispatch).toMatchObject({ mode: 'leader', leader: '李副区长', departments: ['waterSupply'] });
      expect((await step('dept.waterSupply', id, { to: 'returned', note: '再派' })).status).toBe(200);
      const again = await step('officer', away, { to: 'dispatched' });
      expect(again.body.event.dispatch).toMatchObject({ mode: 'direct', departments: ['waterSupply'] });
      // Bad fields are named, and change nothing.
      expect(await step('officer', id, { to: 'dispatched', departments: ['mayorsOffice'] })).toMatchObject({ status: 400, body: { fields: [expect.stringContaining('departments')] } });
      expect((await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!)).body.event.state).toBe('returned');
    });

    it('街乡吹哨、部门报到: an officer in the area summons departments; each named one reports in; the one that does not is late', async () => {
      const id = await newEvent(inHuaihe, 'garbage');
      const away = await newEvent(outsideErqi, 'garbage');
      const whistle = (who: string, target: string, body: object) => call(server.url, 'POST', `/api/events/${target}/whistle`, tokens[who]!, body);
      const reportIn = (who: string, target: string) => call(server.url, 'POST', `/api/events/${target}/whistle/report-in`, tokens[who]!);
      const soon = Date.now() + 1500;
      expect((await whistle('officer.huaihe', away, { departments: ['fire'], deadlineAtMs: soon })).status).toBe(403);
      expect(await whistle('officer.huaihe', id, { departments: ['fire'], deadlineAtMs: Date.now() - 1000 })).toMatchObject({ status: 400, body: { fields: ['deadlineAtMs'] } });
      expect(await whistle('officer.huaihe', id, { departments: [], deadlineAtMs: soon })).toMatchObject({ status: 400, body: { fields: ['departments'] } });
      expect((await reportIn('dept.waterSupply', id)).status).toBe(409);

      const blown = await whistle('officer.huaihe', id, { departments: ['waterSupply', 'fire'], deadlineAtMs: soon });
      expect(blown).toMatchObject({
        status: 201,
        body: {
          whistle: {
            by: 'officer.huaihe',
            deadlineAtMs: soon,
            departments: [
              { code: 'waterSupply', state: 'waiting' },
              { code: 'fire', state: 'waiting' },
            ],
          },
        },
      });
      expect((await whistle('officer', id, { departments: ['drainage'], deadlineAtMs: soon })).status).toBe(409);

      expect((await reportIn('dept.drainage', id)).status).toBe(403);
      const reported = await reportIn('dept.waterSupply', id);
      expect(reported.body.whistle.departments[0]).toMatchObject({ code: 'waterSupply', state: 'reportedIn', by: 'dept.waterSupply' });
      // Reporting in again changes nothing.
      const again = await reportIn('dept.waterSupply', id);
      expect(again.body.whistle.departments[0].reportedInAtMs).toBe(reported.body.whistle.departments[0].reportedInAtMs);

      // Past the deadline the fire brigade, not reported in, is late — on the event as anyone reads it.
      await new Promise((resolve) => setTimeout(resolve, soon - Date.now() + 100));
      const read = await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!);
      expect(read.body.whistle.departments.map((d: { code: string; state: string }) => [d.code, d.state])).toEqual([
        ['waterSupply', 'reportedIn'],
        ['fire', 'late'],
      ]);
      const audit = await call(server.url, 'GET', '/api/audit?action=event.whistle', tokens.officer!);
      expect(audit.body.entries.some((e: { target: string; actor: string }) => e.target === id && e.actor === 'officer.huaihe')).toBe(true);

      // After closure the street rates each department it summoned; not before, not a stranger, not outside its area.
      const rate = (who: string, ratings: object[]) => call(server.url, 'POST', `/api/events/${id}/whistle/ratings`, tokens[who]!, { ratings });
      expect((await rate('officer.huaihe', [{ department: 'waterSupply', score: 5 }])).status).toBe(409);
      for (const to of ['signed', 'handling', 'resolved'] as const) expect((await step('integration', id, { to })).status).toBe(200);
      expect(await rate('officer.huaihe', [{ department: 'drainage', score: 3 }])).toMatchObject({ status: 400, body: { fields: ['ratings'] } });
      expect(await rate('officer.huaihe', [{ department: 'fire', score: 6 }])).toMatchObject({ status: 400 });
      expect((await rate('officer.jinshui', [{ department: 'fire', score: 1 }])).status).toBe(403);
      const rated = await rate('officer.huaihe', [
        { department: 'waterSupply', score: 5, comment: '到场及时' },
        { department: 'fire', score: 2 },
      ]);
      expect(rated.status).toBe(200);
      const after = (await call(server.url, 'GET', `/api/events/${id}`, tokens.officer!)).body.whistle.departments;
      expect(after.map((d: { code: string; rating: { score: number; by: string } }) => [d.code, d.rating.score, d.rating.by])).toEqual([
        ['waterSupply', 5, 'officer.huaihe'],
        ['fire', 2, 'officer.huaihe'],
      ]);
    });

    it('merges a report into another as its duplicate and unmerges it: an officer’s step in the area, audited in the history', async () => {
      const main = await newEvent(outsideErqi, 'abandonedBicycles');
      const repeat = await newEvent({ lng: outsideErqi.lng + 0.03, lat: outsideErqi.lat }, 'abandonedBicycles');
      const far = await newEvent(inHuaihe, 'pavementDamage');
      expect((await step('officer.huaihe', repeat, { to: 'dispatched', duplicateOf: main })).status).toBe(403);
      expect((await step('dept.cityManagement', repeat, { to: 'dispatched', duplicateOf: main })).status).toBe(403);
      expect(await step('officer', repeat, { to: 'signed', duplicateOf: main })).toMatchObject({ status: 400, body: { fields: ['to'] } });
      expect(await step('officer', repeat, { to: 'dispatched', duplicateOf: repeat })).toMatchObject({ status: 400, body: { fields: ['duplicateOf'] } });
      expect(await step('officer', repeat, { to: 'dispatched', duplicateOf: 'EV999999999' })).toMatchObject({ status: 400, body: { fields: ['duplicateOf'] } });
      expect(await step('officer', repeat, { to: 'dispatched', duplicateOf: 'not-an-id' })).toMatchObject({ status: 400, body: { fields: ['duplicateOf'] } });

      const merged = await step('officer', repeat, { to: 'dispatched', duplicateOf: main });
      expect(merged).toMatchObject({ status: 200, body: { event: { id: repeat, duplicateOf: main, state: 'dispatched' } } });
      // A duplicate is no job: no department acts on it, nothing merges into it.
      expect((await step('dept.cityManagement', repeat, { to: 'signed' })).status).toBe(409);
      expect((await step('officer', far, { to: 'dispatched', duplicateOf: repeat })).status).toBe(409);
      const queue = (await call(server.url, 'GET', '/api/desk/queue', tokens['dept.cityManagement']!)).body.items.map((i: { event: { id: string } }) => i.event.id);
      expect(queue).toContain(main);
      expect(queue).not.toContain(repeat);

      const unmerged = await step('officer', repeat, { to: 'dispatched', duplicateOf: null, note: '不是同一处' });
      expect(unmerged).toMatchObject({ status: 200, body: { event: { duplicateOf: null, state: 'dispatched' } } });
      expect((await step('officer', repeat, { to: 'dispatched', duplicateOf: null })).status).toBe(409);
      const history = (await call(server.url, 'GET', `/api/events/${repeat}`, tokens.officer!)).body.history.slice(-2);
      expect(history.map((t: { actor: string; note: string }) => [t.actor, t.note])).toEqual([
        ['officer', `合并至 ${main}`],
        ['officer', '不是同一处'],
      ]);
      expect((await step('dept.cityManagement', repeat, { to: 'signed' })).status).toBe(200);
    });

    it('joint, leader and 三跨 reports wait on the officer’s desk; the reporter’s contact is shown to the officers of its area, integrations and the departments it is dispatched to', async () => {
      const joint = await call(server.url, 'POST', '/api/events', tokens.integration!, {
        ...report({ category: 'elevatorEntrapment', ...inHuaihe }),
        reporter: { name: '王女士', phone: '13800138000' },
      });
      const spanning = await call(server.url, 'POST', '/api/events', tokens.integration!, report({ category: 'streetLightFault', spansJurisdictions: true, ...inHuaihe }));
      expect(joint.body).toMatchObject({ status: 'created', state: 'reported' });
      expect(spanning.body).toMatchObject({ status: 'created', state: 'reported' });
      const asOfficer = (await call(server.url, 'GET', `/api/events/${joint.body.id}`, tokens['officer.huaihe']!)).body.event;
      expect(asOfficer).toMatchObject({ dispatch: null, reporter: { name: '王女士', phone: '13800138000' } });
      expect((await call(server.url, 'GET', `/api/events/${joint.body.id}`, tokens.integration!)).body.event.reporter).toMatchObject({ phone: '13800138000' });
      // Not yet dispatched to the fire brigade, and outside Jinshui's district: no contact.
      for (const who of ['dept.fire', 'officer.jinshui']) expect((await call(server.url, 'GET', `/api/events/${joint.body.id}`, tokens[who]!)).body.event.reporter).toBeNull();
      expect((await call(server.url, 'GET', `/api/events/${spanning.body.id}`, tokens.officer!)).body.event.spansJurisdictions).toBe(true);
      for (const to of ['accepted', 'filed', 'dispatched'] as const) expect((await step('officer.huaihe', joint.body.id, { to })).status).toBe(200);
      const dispatched = (await call(server.url, 'GET', `/api/events/${joint.body.id}`, tokens['officer.huaihe']!)).body.event;
      expect(dispatched.dispatch).toMatchObject({ mode: 'joint', departments: ['marketRegulation', 'fire'], lead: 'marketRegulation' });
      expect((await call(server.url, 'GET', `/api/events/${joint.body.id}`, tokens['dept.fire']!)).body.event.reporter).toMatchObject({ phone: '13800138000' });
    });

    it("a department's desk queue: only what is dispatched to it (and in its district), most urgent first", async () => {
      // A hydrant fault goes to fire and water together.
      const first = await newEvent(outsideErqi, 'fireHydrantFault');
      await dispatchedByOfficer(first);
      const queue = async (who: string) =>
        (await call(server.url, 'GET', '/api/desk/queue', tokens[who]!)).body as { items: { event: { id: string; dispatch: { departments: string[] } }; dueAtMs: number }[] };
      const water = await queue('dept.waterSupply');
      expect(water.items.map((i) => i.event.id)).toContain(first);
      expect(water.items.every((i) => i.event.dispatch.departments.includes('waterSupply'))).toBe(true);
      const dues = water.items.map((i) => i.dueAtMs);
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect((await queue('dept.drainage')).items.map((i) => i.event.id)).not.toContain(first);
      // The Jinshui water desk sees only Jinshui's.
      expect((await queue('water.jinshui')).items.every((i) => (i.event as unknown as { districtCode: string }).districtCode === '410105')).toBe(true);
      expect((await call(server.url, 'GET', '/api/desk/queue', tokens.officer!)).status).toBe(403);
    });

    it('of two departments signing at once one wins; the other gets 409 with the event as it is now', async () => {
      const id = await newEvent(inHuaihe, 'gasLeak');
      // Gas leaks go to gas and fire together (会商 from the officer's desk).
      await dispatchedByOfficer(id);
      const [gas, fire] = [await login(server.url, 'dept.gas'), tokens['dept.fire']!];
      const [a, b] = await Promise.all([
        call(server.url, 'POST', `/api/events/${id}/transitions`, gas, { to: 'signed' }),
        call(server.url, 'POST', `/api/events/${id}/transitions`, fire, { to: 'signed' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const lost = a.status === 409 ? a : b;
      expect(lost.body.event).toMatchObject({ id, state: 'signed', version: 5 });
    });
  });
}
