import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { pointWhere } from '../support/city.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * 三跨 cases on both stores: opened from events that span jurisdictions by an officer whose area
 * holds them all (a case across districts is the city centre's), seen by the officers of any of
 * its places, joint meetings recorded, closed once; the summary counts held and closed.
 */
const inErqi = pointWhere((p) => p.district.code === '410103');
const inJinshui = pointWhere((p) => p.district.code === '410105');

const database = await createTestDatabase();
afterAll(() => database?.drop());

for (const store of ['sqlite', 'postgres'] as const) {
  describe.skipIf(store === 'postgres' && !database)(`三跨 cases (${store})`, () => {
    let server: RunningServer;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      server = await startTestServer(store === 'postgres' ? { databaseUrl: database!.url } : {});
      for (const name of ['officer', 'officer.erqi', 'officer.huaihe', 'integration']) tokens[name] = await login(server.url, name);
    }, 60_000);
    afterAll(() => server?.stop());
    const post = (who: string, path: string, body: unknown) => call(server.url, 'POST', path, tokens[who]!, body);
    const get = (who: string, path: string) => call(server.url, 'GET', path, tokens[who]!);
    const spanning = async (where: { lng: number; lat: number }) =>
      (await post('integration', '/api/events', report({ category: 'unownedRoadMud', spansJurisdictions: true, ...where }))).body.id as string;

    it('opens a case from events in the officer’s area; across districts only the city centre may', async () => {
      const erqi = await spanning(inErqi);
      const jinshui = await spanning(inJinshui);
      const command = { title: '无主道路泥泞 跨区县协调', kinds: ['region', 'department'], eventIds: [erqi, jinshui], departments: ['housing', 'cityManagement', 'agriculture'] };
      expect((await post('officer.erqi', '/api/cases', command)).status).toBe(403);
      expect(await post('officer', '/api/cases', { ...command, eventIds: [erqi, 'EV999999999'] })).toMatchObject({ status: 400, body: { fields: ['eventIds'] } });
      expect(await post('officer', '/api/cases', { ...command, kinds: [] })).toMatchObject({ status: 400, body: { fields: ['kinds'] } });
      expect(await post('officer', '/api/cases', { ...command, eventIds: [erqi, erqi] })).toMatchObject({ status: 400, body: { fields: ['eventIds'] } });
      const opened = await post('officer', '/api/cases', command);
      expect(opened).toMatchObject({ status: 201, body: { case: { state: 'open', openedBy: 'officer', eventIds: [erqi, jinshui], districtCodes: ['410103', '410105'], version: 1 } } });
      expect(opened.body.case.id).toMatch(/^CS\d{8}-[A-Z0-9_-]{6}$/);

      // Erqi's officer sees it (one of its events lies there) but may not act on it: it spans districts, so it is the city centre's.
      const id = opened.body.case.id as string;
      expect((await get('officer.erqi', `/api/cases/${id}`)).status).toBe(200);
      const erqiOnly = await post('officer.erqi', '/api/cases', { ...command, kinds: ['level'], eventIds: [erqi] });
      expect(erqiOnly.status).toBe(201);
      const meeting = { atMs: Date.now(), participants: ['二七区城管局', '金水区住建局', '市农委'], decisions: '明确二七区牵头，三日内清理' };
      expect(await post('officer.erqi', `/api/cases/${id}/meetings`, { ...meeting, participants: [] })).toMatchObject({ status: 400, body: { fields: ['participants'] } });
      expect((await post('officer.erqi', `/api/cases/${id}/meetings`, meeting)).status).toBe(403);
      expect((await post('officer.erqi', `/api/cases/${id}/close`, { resolution: '越权办结' })).status).toBe(403);
      const met = await post('officer', `/api/cases/${id}/meetings`, meeting);
      expect(met).toMatchObject({ status: 201, body: { case: { version: 2, meetings: [{ ...meeting, recordedBy: 'officer' }] } } });

      // Closed once; again is 409 with the case as it is.
      expect(await post('officer', `/api/cases/${id}/close`, {})).toMatchObject({ status: 400, body: { fields: ['resolution'] } });
      expect(await post('officer', `/api/cases/${id}/close`, { resolution: '道路已硬化，责任单位明确' })).toMatchObject({ status: 200, body: { case: { state: 'closed', closedBy: 'officer' } } });
      expect(await post('officer', `/api/cases/${id}/close`, { resolution: '再次' })).toMatchObject({ status: 409, body: { case: { state: 'closed' } } });
      expect((await post('officer', `/api/cases/${id}/meetings`, meeting)).status).toBe(409);

      const city = await get('officer', '/api/cases');
      expect(city.body.summary).toEqual({ held: 2, open: 1, closed: 1, closedRate: 0.5 });
      expect((await get('officer', '/api/cases?state=closed')).body.cases.map((c: { id: string }) => c.id)).toEqual([id]);
      expect((await get('officer', '/api/cases?state=nope')).status).toBe(400);
      const street = await get('officer.huaihe', '/api/cases');
      expect(street.body.cases.every((c: { streetCodes: string[] }) => c.streetCodes.includes('410103001'))).toBe(true);
      expect((await get('officer', `/api/audit?action=case.closed`)).body.entries.some((e: { target: string }) => e.target === id)).toBe(true);
    });

    it('of two officers recording at once on one case, both land or the loser is told (never lost silently)', async () => {
      const erqi = await spanning(inErqi);
      const id = (await post('officer', '/api/cases', { title: '并发会议', kinds: ['level'], eventIds: [erqi] })).body.case.id as string;
      const meeting = (n: number) => ({ atMs: Date.now(), participants: [`部门${n}`], decisions: `决定${n}` });
      const [a, b] = await Promise.all([post('officer', `/api/cases/${id}/meetings`, meeting(1)), post('officer.erqi', `/api/cases/${id}/meetings`, meeting(2))]);
      const landed = [a, b].filter((r) => r.status === 201).length;
      expect([a.status, b.status].every((s) => s === 201 || s === 409)).toBe(true);
      expect((await get('officer', `/api/cases/${id}`)).body.case.meetings).toHaveLength(landed);
    });
  });
}
