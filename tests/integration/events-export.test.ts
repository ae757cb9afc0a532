import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { RunningServer } from '../../server/index.ts';
import { readCsv } from '../../server/city/csv.ts';
import { EXPORT_PAGE } from '../../server/events/eventExport.ts';
import { eventId, type EventWrite } from '../../server/store/eventRepository.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * `GET /api/events/export`: a period's events streamed page by page as CSV (BOM, formulas made
 * text) or GeoJSON, the officer's area only, no contacts.
 */
const DAY_MS = 86_400_000;
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('the events export', () => {
  let server: RunningServer;
  let officer: string;
  let template: CityEvent;
  const written: CityEvent[] = [];
  const now = Date.now();
  beforeAll(async () => {
    server = await startTestServer();
    officer = await login(server.url, 'officer');
    const filed = await call(server.url, 'POST', '/api/events', await login(server.url, 'integration'), {
      ...report({ lng: 113.62, lat: 34.75 }),
      reporter: { name: '李先生', phone: '13912345678' },
    });
    template = (await server.deps.repository.get(filed.body.id))!;
    const store = server.deps.repository;
    // Two days back: more than two pages of events, a few written as formulas, one in another district.
    const count = 2 * EXPORT_PAGE + 123;
    const sequences = await store.reserveSequences(count);
    const start = now - 2 * DAY_MS;
    const descriptions = ['=HYPERLINK("http://evil.example","点这里")', '+86 139', '-1', '@SUM(A1)', '路面坑洼'];
    for (const [i, n] of sequences.entries())
      written.push({ ...template, id: eventId(n), externalId: null, description: descriptions[i % descriptions.length]!, receivedAtMs: start + i * 10_000, reportedAtMs: start + i * 10_000 });
    written[7] = { ...written[7]!, districtCode: '410105', streetCode: '410105001' };
    const writes: EventWrite[] = written.map((event) => ({ event, isNew: true, transitions: [], change: { type: 'created', atMs: event.receivedAtMs } }));
    for (let i = 0; i < writes.length; i += 1000) await store.write(writes.slice(i, i + 1000));
  });
  afterAll(() => server?.stop());

  const get = (query: string, token = officer) => fetch(`${server.url}/api/events/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const period = () => `from=${beijingDate(now - 3 * DAY_MS)}&to=${beijingDate(now - DAY_MS)}`;

  it('streams a period as CSV with a BOM, oldest first, formulas made text, no contacts', async () => {
    const res = await get(period());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="events-.*\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // A UTF-8 BOM first (fetch's text() would drop it), so a spreadsheet reads the Chinese as Chinese.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFid,externalId,channel,category,categoryName,state,description')).toBe(true);
    const [header, ...rows] = readCsv(text).map((r) => r.fields);
    const inPeriod = written.filter((e) => e.receivedAtMs >= Date.parse(`${beijingDate(now - 3 * DAY_MS)}T00:00:00+08:00`));
    expect(rows.map((r) => r[0])).toEqual(inPeriod.map((e) => e.id));
    const description = header!.indexOf('description');
    expect(rows.slice(0, 5).map((r) => r[description])).toEqual([`'=HYPERLINK("http://evil.example","点这里")`, "'+86 139", "'-1", "'@SUM(A1)", '路面坑洼']);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('李先生');
  });

  it('gives GeoJSON points, one district’s, and a street officer only their area', async () => {
    const geo = (await (await get(`${period()}&format=geojson&district=410105`)).json()) as { type: string; features: { geometry: { coordinates: number[] }; properties: { id: string } }[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f) => f.properties.id)).toEqual([written[7]!.id]);
    const all = (await (await get(`${period()}&format=geojson`)).json()) as { features: unknown[] };
    expect(all.features.length).toBe(written.length);
    const street = await login(server.url, 'officer.huaihe');
    const theirs = readCsv(await (await get(period(), street)).text()).slice(1);
    expect(theirs.every((r) => written.find((e) => e.id === r.fields[0])!.streetCode === '410103001')).toBe(true);
  });

  it('refuses a period that is not one', async () => {
    for (const [query, field] of [
      ['from=2026-13-40&to=2026-12-01', 'from'],
      ['from=2026-12-05&to=2026-12-01', 'to'],
      ['from=2026-01-01&to=2026-12-01', 'to'],
      ['from=yesterday&to=2026-12-01', 'from'],
      [`${period()}&format=xlsx`, 'format'],
    ] as const)
      expect(await call(server.url, 'GET', `/api/events/export?${query}`, officer), query).toMatchObject({ status: 400, body: { fields: [field] } });
  });
});
