import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGeometry } from '../../common/geo/codec.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * CAP in (`POST /api/warnings`): the weather bureau's alert with a polygon over two districts
 * becomes a draft broadcast scoped to them; its Update replaces the draft; its Cancel withdraws
 * it; a malformed alert is refused with the reason; the same alert twice is one.
 */
const ERQI = '410103';
const JINSHUI = '410105';
const SENDER = 'hnqx@weather.henan.gov.cn';

describe('CAP warnings in', () => {
  let server: RunningServer;
  let gateway: string;
  let officer: string;
  beforeAll(async () => {
    server = await startTestServer();
    gateway = await login(server.url, 'integration');
    officer = await login(server.url, 'officer');
  });
  afterAll(() => server?.stop());

  /** The districts' outlines as CAP polygons ("lat,lon" pairs, closed), as a bureau would draw them. */
  const polygonsOf = (codes: string[]) =>
    server.deps.directory
      .areaOf({ city: false, districts: codes, streets: [], communities: [], grids: [], roles: [] })
      .geometries.flatMap((g) => decodeGeometry(g).map(([outer]) => outer!.map(([lng, lat]) => `${lat.toFixed(6)},${lng.toFixed(6)}`).join(' ')));

  const alert = (
    identifier: string,
    opts: { msgType?: string; references?: string; status?: string; severity?: string; headline?: string; polygons?: string[]; extra?: string } = {},
  ) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>2026-07-20T16:00:00+08:00</sent>
  <status>${opts.status ?? 'Actual'}</status>
  <msgType>${opts.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${opts.references ? `<references>${opts.references}</references>` : ''}
  ${opts.extra ?? ''}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Immediate</urgency>
    <severity>${opts.severity ?? 'Extreme'}</severity>
    <certainty>Observed</certainty>
    <headline>${opts.headline ?? '郑州市气象台发布暴雨红色预警'}</headline>
    <description>过去3小时二七区、金水区降雨量已达100毫米以上，且降雨仍将持续。</description>
    <instruction>停止集会、停课、停业；转移低洼地带群众。</instruction>
    <area>
      <areaDesc>二七区、金水区</areaDesc>
      ${(opts.polygons ?? polygonsOf([ERQI, JINSHUI])).map((p) => `<polygon>${p}</polygon>`).join('\n      ')}
    </area>
  </info>
</alert>`;
  const post = (xml: string, type = 'application/cap+xml') => fetch(`${server.url}/api/warnings`, { method: 'POST', headers: { authorization: `Bearer ${gateway}`, 'content-type': type }, body: xml });
  const drafts = async () =>
    (await call(server.url, 'GET', '/api/broadcasts/drafts', officer)).body.drafts as { id: string; state: string; request: { scope: Record<string, string[]>; content: Record<string, unknown> } }[];

  it('makes an alert over two districts a draft scoped to them; its Update replaces it and its Cancel withdraws that', async () => {
    const first = await post(alert('HN-2026-0720-001'));
    expect(first.status).toBe(201);
    const { id, draftBroadcastId } = (await first.json()) as { id: string; draftBroadcastId: string };
    expect(id).toMatch(/^WN/);
    const draft = (await drafts()).find((d) => d.id === draftBroadcastId)!;
    expect(draft.request.scope).toMatchObject({ city: false, districts: [ERQI, JINSHUI], streets: [], communities: [], grids: [] });
    expect(draft.request.content).toMatchObject({ title: '郑州市气象台发布暴雨红色预警', priority: 'flash', exercise: false });
    expect(draft).toMatchObject({ state: 'awaitingApproval', source: { cap: { sender: SENDER, identifier: 'HN-2026-0720-001', msgType: 'Alert' } } });
    // The same alert again is the same warning.
    const again = await post(alert('HN-2026-0720-001'), 'text/xml');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id, draftBroadcastId });

    const update = await post(
      alert('HN-2026-0720-002', { msgType: 'Update', references: `${SENDER},HN-2026-0720-001,2026-07-20T16:00:00+08:00`, headline: '暴雨红色预警（更新）', polygons: polygonsOf([ERQI]) }),
    );
    expect(update.status).toBe(201);
    const updated = (await update.json()) as { draftBroadcastId: string };
    const listed = await drafts();
    expect(listed.map((d) => d.id)).not.toContain(draftBroadcastId);
    expect(listed.find((d) => d.id === updated.draftBroadcastId)!.request.scope.districts).toEqual([ERQI]);

    const cancel = await post(alert('HN-2026-0720-003', { msgType: 'Cancel', references: `${SENDER},HN-2026-0720-002,2026-07-20T17:00:00+08:00` }));
    expect(cancel.status).toBe(201);
    expect(await cancel.json()).toMatchObject({ draftBroadcastId: null });
    expect((await drafts()).map((d) => d.id)).not.toContain(updated.draftBroadcastId);
    expect(await call(server.url, 'POST', `/api/broadcasts/${updated.draftBroadcastId}/approve`, officer)).toMatchObject({ status: 409 });
  });

  it('is sent when an officer approves its draft, an exercise marked so', async () => {
    const res = await post(alert('HN-DRILL-1', { status: 'Exercise', severity: 'Moderate', polygons: polygonsOf([ERQI]) }));
    const { draftBroadcastId } = (await res.json()) as { draftBroadcastId: string };
    const approved = await call(server.url, 'POST', `/api/broadcasts/${draftBroadcastId}/approve`, officer);
    expect(approved).toMatchObject({ status: 201, body: { id: draftBroadcastId } });
    const sent = (await call(server.url, 'GET', `/api/broadcasts/${draftBroadcastId}`, officer)).body.broadcast;
    expect(sent).toMatchObject({ sender: 'integration', content: { exercise: true, priority: 'urgent' }, approval: { approvedBy: 'officer' } });
  });

  it('refuses a malformed or unplaceable alert with the reason, and stores nothing', async () => {
    const cases: [string, string | RegExp][] = [
      ['<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>', /not well-formed XML/],
      [alert('NS-1').replace('urn:oasis:names:tc:emergency:cap:1.2', 'urn:oasis:names:tc:emergency:cap:1.1'), /CAP 1.2 namespace/],
      [alert('NO-SENT-1').replace(/<sent>.*<\/sent>/, ''), '<sent> is required'],
      [alert('BAD-SENT-1').replace('2026-07-20T16:00:00+08:00', '2026-07-20 16:00'), /is not a CAP dateTime/],
      [alert('OPEN-1', { polygons: ['34.70,113.60 34.75,113.60 34.75,113.65 34.70,113.65'] }), /must be closed/],
      [alert('FAR-1', { polygons: ['39.90,116.30 39.95,116.30 39.95,116.40 39.90,116.30'] }), /covers none of the city/],
      [alert('UPD-1', { msgType: 'Update' }), /<references> is required/],
      [`<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x "y">]>${alert('DTD-1').replace(/^<\?xml[^>]*\?>/, '')}`, /DOCTYPE/],
    ];
    for (const [xml, reason] of cases) {
      const res = await post(xml);
      const body = (await res.json()) as { error: string; fields: string[] };
      expect(res.status, body.error).toBe(400);
      expect(body.fields).toEqual(['body']);
      expect(body.error).toMatch(reason);
    }
    expect((await call(server.url, 'POST', '/api/warnings', gateway, { identifier: 'json' })).status).toBe(415);
    expect((await drafts()).some((d) => JSON.stringify(d).includes('OPEN-1'))).toBe(false);
  });
});
