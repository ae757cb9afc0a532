import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { deskReasons } from '../../common/domain/officerDeskView.ts';
import type { ConsoleClientToServer, ConsoleServerToClient, DeskDelta } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { pointWhere } from '../support/city.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/**
 * The officer's desk on the console's socket: a snapshot of the officer's area, then sequenced
 * deltas of what changed there (and nothing from outside it), as events are reported and moved
 * on; two officers acting at once on one event: one wins, the other gets 409 and the event as it is.
 */
type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;
const HUAIHE = '410103001';
const inHuaihe = pointWhere((p) => p.street.code === HUAIHE);
const outsideErqi = pointWhere((p) => p.district.code !== '410103');

/** Every delta a console receives, and a wait for the one that carries an event in a state. */
function recordDesk(socket: ConsoleSocket) {
  const deltas: DeskDelta[] = [];
  const waiters: (() => void)[] = [];
  socket.on('desk:delta', (d) => {
    deltas.push(d);
    for (const w of waiters.splice(0)) w();
  });
  const carrying = (id: string, state: string, timeoutMs = 5000) =>
    new Promise<DeskDelta>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no desk delta carrying ${id} as ${state}`)), timeoutMs);
      const look = () => {
        const found = deltas.find((d) => d.events.some((e) => e.id === id && e.state === state));
        if (found) return (clearTimeout(timer), resolve(found));
        waiters.push(look);
      };
      look();
    });
  return { deltas, carrying };
}

describe('the officer’s desk, live on the console', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  let street: ConsoleSocket;
  let city: ConsoleSocket;
  beforeAll(async () => {
    server = await startTestServer({ wallCadenceMs: 50 });
    for (const name of ['officer', 'officer.huaihe', 'officer.erqi', 'integration']) tokens[name] = await login(server.url, name);
    street = await connectClient(server.url, 'console', tokens['officer.huaihe']);
    city = await connectClient(server.url, 'console', tokens.officer);
  });
  afterAll(async () => {
    street?.disconnect();
    city?.disconnect();
    await server?.stop();
  });
  const post = (path: string, body: unknown, who = 'integration') => call(server.url, 'POST', path, tokens[who]!, body);
  const snapshot = (socket: ConsoleSocket) => socket.emitWithAck('desk:requestSnapshot');

  it('sends each officer the events of their area, new and changed, in sequence; nothing from outside it', async () => {
    const streetDesk = recordDesk(street);
    const cityDesk = recordDesk(city);
    const inside = (await post('/api/events', report({ category: 'fireEscapeBlocked', ...inHuaihe }))).body.id as string;
    const outside = (await post('/api/events', report({ category: 'fireEscapeBlocked', ...outsideErqi }))).body.id as string;
    const arrived = await streetDesk.carrying(inside, 'reported');
    const item = arrived.events.find((e) => e.id === inside)!;
    expect(item).toMatchObject({ category: 'fireEscapeBlocked', streetCode: HUAIHE, departments: [], dueAtMs: null });
    expect(deskReasons(item, Date.now())).toEqual(['toAccept']);
    await cityDesk.carrying(outside, 'reported');
    expect(streetDesk.deltas.some((d) => d.events.some((e) => e.id === outside))).toBe(false);

    // 受理 → 立案 → 派遣 (会商 by the category's default, in one click) from the street's desk.
    for (const to of ['accepted', 'filed', 'dispatched']) expect((await post(`/api/events/${inside}/transitions`, { to }, 'officer.huaihe')).status).toBe(200);
    const dispatched = (await streetDesk.carrying(inside, 'dispatched')).events.find((e) => e.id === inside)!;
    expect(dispatched).toMatchObject({ departments: ['fire', 'trafficPolice'], lead: 'fire', dueAtMs: expect.any(Number) });
    const seqs = streetDesk.deltas.map((d) => d.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);

    // A snapshot has it as it is now, and nothing outside the area.
    const snap = await snapshot(street);
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.snapshot.seq).toBe(seqs.at(-1));
    expect(snap.snapshot.events.find((e) => e.id === inside)?.state).toBe('dispatched');
    expect(snap.snapshot.events.every((e) => e.streetCode === HUAIHE)).toBe(true);
    const citySnap = await snapshot(city);
    expect(citySnap.ok && citySnap.snapshot.events.some((e) => e.id === outside)).toBe(true);
  });

  it('of two officers acting on one event at once, one wins; the other gets 409 with the event as it is now', async () => {
    const id = (await post('/api/events', report({ category: 'gasLeak', ...inHuaihe }))).body.id as string;
    const [a, b] = await Promise.all([post(`/api/events/${id}/transitions`, { to: 'accepted' }, 'officer.huaihe'), post(`/api/events/${id}/transitions`, { to: 'accepted' }, 'officer.erqi')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.event).toMatchObject({ id, state: 'accepted', version: 2 });
    expect(lost.body.error).toMatch(/changed meanwhile|cannot go from accepted/);
  });

  it('refuses a console to anyone but an officer', async () => {
    await expect(connectClient(server.url, 'console', await login(server.url, 'dept.fire'))).rejects.toThrow(/department/);
    await expect(connectClient(server.url, 'console', tokens.integration)).rejects.toThrow(/integration/);
  });
});
