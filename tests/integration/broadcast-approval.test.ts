import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { WorkerServerToClient } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';
import { within } from '../support/within.ts';
import { broadcastId } from '../../server/store/broadcastRepository.ts';

/**
 * A second pair of eyes (BROADCAST_APPROVAL=city,flash): a city-wide or flash broadcast an officer
 * makes waits as a draft until another officer whose area holds its scope approves it — the
 * sender cannot, nor a street officer for the whole city — and is sent then, the clock starting
 * at approval; an override sends at once, recorded and shown.
 */
const content = (title: string, priority = 'flash') => ({ title, body: '请立即转移低洼地带群众。', priority, requiresConfirmation: true, exercise: true });
const HUAIHE = '410103001';

describe('approval before a city-wide or flash broadcast', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({ broadcastApproval: new Set(['city', 'flash']) });
    await server.deps.trust.accounts.add('officer.second', 'officer', null, 'second officer pass 1');
    tokens.second = (await call(server.url, 'POST', '/api/auth/login', null, { username: 'officer.second', password: 'second officer pass 1' })).body.token;
    for (const name of ['officer', 'officer.huaihe', 'officer.erqi']) tokens[name] = await login(server.url, name);
  });
  afterAll(() => server?.stop());

  it('keeps a city-wide broadcast a draft until a second officer approves it; the sender and a street officer may not', async () => {
    const drafted = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('暴雨红色预警（待审）', 'urgent'), scope: { city: true } });
    expect(drafted).toMatchObject({ status: 202, body: { id: expect.stringMatching(/^BC/), state: 'awaitingApproval', targeted: expect.any(Number) } });
    const id = drafted.body.id as string;
    expect((await call(server.url, 'GET', `/api/broadcasts/${id}`, tokens.officer!)).status).toBe(404);
    const listed = await call(server.url, 'GET', '/api/broadcasts/drafts', tokens.second!);
    expect(listed.body.drafts).toEqual([expect.objectContaining({ id, sender: 'officer', state: 'awaitingApproval', mayApprove: true })]);
    expect((await call(server.url, 'GET', '/api/broadcasts/drafts', tokens.officer!)).body.drafts[0]).toMatchObject({ id, mayApprove: false });
    expect((await call(server.url, 'GET', '/api/broadcasts/drafts', tokens['officer.huaihe']!)).body.drafts).toEqual([]);

    expect(await call(server.url, 'POST', `/api/broadcasts/${id}/approve`, tokens.officer!)).toMatchObject({ status: 403, body: { error: expect.stringContaining('your own') } });
    expect(await call(server.url, 'POST', `/api/broadcasts/${id}/approve`, tokens['officer.huaihe']!)).toMatchObject({ status: 403, body: { error: expect.stringContaining('beyond your area') } });

    const phone = await connectClient<WorkerServerToClient>(server.url, 'worker', await login(server.url, 'W006090'));
    try {
      const arrived = new Promise<WorkerBroadcast>((resolve) => phone.once('broadcast:new', resolve));
      const approvedAtMs = Date.now();
      const approved = await call(server.url, 'POST', `/api/broadcasts/${id}/approve`, tokens.second!);
      expect(approved).toMatchObject({ status: 201, body: { id, targeted: drafted.body.targeted } });
      expect((await arrived).id).toBe(id);
      const sent = (await call(server.url, 'GET', `/api/broadcasts/${id}`, tokens.officer!)).body.broadcast;
      expect(sent).toMatchObject({ id, sender: 'officer', approval: { approvedBy: 'officer.second' } });
      // The clock runs from approval, not from drafting.
      expect(sent.sentAtMs).toBeGreaterThanOrEqual(approvedAtMs);
      expect(sent.approval.draftedAtMs).toBeLessThan(approvedAtMs);
    } finally {
      phone.disconnect();
    }
    expect(await call(server.url, 'POST', `/api/broadcasts/${id}/approve`, tokens.second!)).toMatchObject({ status: 409 });
    const audit = await call(server.url, 'GET', '/api/audit?limit=20', tokens.officer!);
    expect(audit.body.entries.map((e: { action: string; target: string }) => `${e.action}:${e.target}`)).toEqual(expect.arrayContaining([`broadcast.drafted:${id}`, `broadcast.approved:${id}`]));
  });

  it('lets a district officer approve a flash broadcast of their district, and any approver reject one with the reason', async () => {
    const drafted = await call(server.url, 'POST', '/api/broadcasts', tokens['officer.huaihe']!, { content: content('燃气泄漏疏散'), scope: { streets: [HUAIHE] } });
    expect(drafted.status).toBe(202);
    expect((await call(server.url, 'POST', `/api/broadcasts/${drafted.body.id}/approve`, tokens['officer.erqi']!)).status).toBe(201);
    const again = await call(server.url, 'POST', '/api/broadcasts', tokens['officer.huaihe']!, { content: content('燃气泄漏疏散（重复）'), scope: { streets: [HUAIHE] } });
    expect(await call(server.url, 'POST', `/api/broadcasts/${again.body.id}/reject`, tokens['officer.erqi']!, {})).toMatchObject({ status: 400, body: { fields: ['reason'] } });
    expect(await call(server.url, 'POST', `/api/broadcasts/${again.body.id}/reject`, tokens['officer.erqi']!, { reason: '与上一条重复' })).toMatchObject({ status: 200, body: { state: 'rejected' } });
    expect(await call(server.url, 'POST', `/api/broadcasts/${again.body.id}/approve`, tokens.second!)).toMatchObject({ status: 409 });
    // An urgent broadcast to a street needs no one else.
    expect((await call(server.url, 'POST', '/api/broadcasts', tokens['officer.huaihe']!, { content: content('路面积水提醒', 'urgent'), scope: { streets: [HUAIHE] } })).status).toBe(201);
  });

  it('sends an approval a node died before sending, once, within a round of the recovery', { timeout: 30_000 }, async () => {
    // Approved a minute and a half ago, and no broadcast stored: the approving node stopped in between.
    const id = broadcastId(await server.deps.broadcastRepository.reserveSequence());
    const decidedAtMs = Date.now() - 90_000;
    await server.deps.stores.drafts.add({
      id,
      sender: 'officer',
      senderUnit: null,
      createdAtMs: decidedAtMs - 60_000,
      request: {
        content: { ...content('停电抢修通知'), priority: 'urgent' },
        scope: { city: false, districts: [], streets: [HUAIHE], communities: [], grids: [], roles: [] },
        confirmWithinMs: 600_000,
      },
      targeted: 1,
      state: 'approved',
      decidedBy: 'officer.second',
      decidedAtMs,
      reason: null,
    });
    await within(15_000, async () => (await call(server.url, 'GET', `/api/broadcasts/${id}`, tokens.officer!)).status === 200);
    const sent = (await call(server.url, 'GET', `/api/broadcasts/${id}`, tokens.officer!)).body.broadcast;
    expect(sent).toMatchObject({ id, sender: 'officer', approval: { approvedBy: 'officer.second' } });
    expect((await server.deps.stores.drafts.approvedUnsent(Date.now())).map((d) => d.id)).not.toContain(id);
  });

  it('sends at once with an override, recorded on the broadcast and in the audit log', async () => {
    const sent = await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('特大暴雨紧急撤离'), scope: { city: true }, override: { reason: '来不及审核：洪峰已到' } });
    expect(sent).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    const shown = (await call(server.url, 'GET', `/api/broadcasts/${sent.body.id}`, await login(server.url, 'wall'))).body.broadcast;
    expect(shown.override).toEqual({ by: 'officer', reason: '来不及审核：洪峰已到' });
    const audit = await call(server.url, 'GET', '/api/audit?limit=10&action=broadcast.sent', tokens.officer!);
    expect(audit.body.entries.find((e: { target: string }) => e.target === sent.body.id).detail).toMatchObject({ override: '来不及审核：洪峰已到' });
    expect(await call(server.url, 'POST', '/api/broadcasts', tokens.officer!, { content: content('x'), scope: { city: true }, override: { reason: '' } })).toMatchObject({
      status: 400,
      body: { fields: ['override.reason'] },
    });
  });
});
