import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openFileLimit, readConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { FrontDoor } from '../../server/realtime/frontDoor.ts';

/** A stand-in for Engine.IO: connections are emitters with the request they came with; close() closes. */
function fakeEngine() {
  const middlewares: ((req: unknown, res: unknown, next: () => void) => void)[] = [];
  const engine = Object.assign(new EventEmitter(), { use: (fn: (typeof middlewares)[number]) => middlewares.push(fn) });
  const open = (address: string) => {
    const conn = Object.assign(new EventEmitter(), {
      request: { address },
      readyState: 'open',
      close() {
        if (conn.readyState === 'closed') return;
        conn.readyState = 'closed';
        conn.emit('close');
      },
    });
    engine.emit('connection', conn);
    return conn;
  };
  return { io: { engine } as never, open, middlewares };
}

const SIGN_IN_WINDOW_MS = 1000;

const door = (limits: Partial<ConstructorParameters<typeof FrontDoor>[0]> = {}) => {
  const d = new FrontDoor(
    { maxSockets: 2, maxPending: 3, unsignedPerAddressPerMin: 4, signInTimeoutMs: SIGN_IN_WINDOW_MS, ...limits },
    (req) => (req as unknown as { address: string }).address,
    createLogger('silent'),
  );
  const engine = fakeEngine();
  d.attach(engine.io);
  /** A socket of `conn` admitted to a namespace; returns it, an emitter ('disconnect' when it leaves). */
  const signIn = (conn: EventEmitter) => {
    const socket = Object.assign(new EventEmitter(), { conn });
    d.signedInOn(socket as never);
    return socket;
  };
  return { door: d, ...engine, signIn };
};

const decide = (d: FrontDoor, address = '10.0.0.1') =>
  new Promise<{ error: string | null | undefined; admitted: boolean }>((resolve) => d.allowRequest({ address } as never, (error, admitted) => resolve({ error, admitted })));

describe('the sockets front door', () => {
  it('counts only signed-in connections toward the cap, and refuses at it saying why', async () => {
    const { door: d, open, signIn } = door();
    const a = open('10.0.0.1');
    const b = open('10.0.0.1');
    expect(d.counts).toEqual({ signedIn: 0, pending: 2 });
    expect((await decide(d)).admitted).toBe(true);
    signIn(a);
    signIn(b);
    signIn(b);
    expect(d.counts).toEqual({ signedIn: 2, pending: 0 });
    const refused = await decide(d);
    expect(refused).toEqual({ error: expect.stringMatching(/node full/), admitted: false });
    a.emit('close');
    expect(d.counts).toEqual({ signedIn: 1, pending: 0 });
    expect((await decide(d)).admitted).toBe(true);
  });

  it('holds a bounded number of connections still signing in', async () => {
    const { door: d, open } = door({ maxSockets: 100 });
    for (let i = 0; i < 3; i++) open(`10.0.1.${i}`);
    expect(await decide(d)).toEqual({ error: expect.stringMatching(/signing in/), admitted: false });
  });

  it('shuts out an address whose connections keep ending without a sign-in, and no other', async () => {
    const { door: d, open, signIn } = door({ maxSockets: 100, maxPending: 100 });
    const signed = open('10.0.0.9');
    signIn(signed);
    signed.emit('close');
    for (let i = 0; i < 4; i++) open('10.0.0.9').emit('close');
    expect(await decide(d, '10.0.0.9')).toEqual({ error: expect.stringMatching(/without a sign-in from 10\.0\.0\.9/), admitted: false });
    expect((await decide(d, '10.0.0.10')).admitted).toBe(true);
  });

  describe('the sign-in window', () => {
    afterEach(() => vi.useRealTimers());

    it('closes a connection that has not signed in to a namespace within it, and frees its place', () => {
      vi.useFakeTimers();
      const { door: d, open, signIn } = door({ maxSockets: 100 });
      const idle = open('10.0.2.1');
      const phone = open('10.0.2.2');
      vi.advanceTimersByTime(SIGN_IN_WINDOW_MS - 1);
      signIn(phone);
      expect(d.counts).toEqual({ signedIn: 1, pending: 1 });
      vi.advanceTimersByTime(1);
      expect(idle.readyState).toBe('closed');
      expect(d.counts).toEqual({ signedIn: 1, pending: 0 });
      vi.advanceTimersByTime(10 * SIGN_IN_WINDOW_MS);
      expect(phone.readyState).toBe('open');
    });

    it('gives a connection that leaves its last signed-in namespace, yet stays open, the window again', () => {
      vi.useFakeTimers();
      const { door: d, open, signIn } = door({ maxSockets: 100 });
      const conn = open('10.0.3.1');
      const wall = signIn(conn);
      const desk = signIn(conn);
      wall.emit('disconnect');
      vi.advanceTimersByTime(2 * SIGN_IN_WINDOW_MS);
      expect(conn.readyState).toBe('open');
      desk.emit('disconnect');
      vi.advanceTimersByTime(SIGN_IN_WINDOW_MS / 2);
      // Signing in again within the window keeps it.
      const again = signIn(conn);
      vi.advanceTimersByTime(2 * SIGN_IN_WINDOW_MS);
      expect(conn.readyState).toBe('open');
      again.emit('disconnect');
      vi.advanceTimersByTime(SIGN_IN_WINDOW_MS);
      expect(conn.readyState).toBe('closed');
      expect(d.counts).toEqual({ signedIn: 0, pending: 0 });
    });
  });

  it("lets go of an upgrade's request once the middlewares are through, and not of a polling response's", () => {
    const { middlewares } = door();
    const request = { headers: { 'user-agent': 'phone' } };
    const upgrade = { req: request };
    const polling = new ServerResponse(request as never);
    let passed = 0;
    for (const res of [upgrade, polling]) for (const middleware of middlewares) middleware(request, res, () => passed++);
    expect(passed).toBe(2);
    expect(upgrade.req).toBeNull();
    expect(polling.req).toBe(request);
  });

  it('is uncapped where the open-file limit is unknown', async () => {
    const { door: d, open, signIn } = door({ maxSockets: null });
    for (let i = 0; i < 5; i++) signIn(open('10.0.0.1'));
    expect((await decide(d)).admitted).toBe(true);
  });

  it('defaults MAX_SOCKETS to the open-file limit less a reserve for the API and the connections signing in', () => {
    const limits = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-limits-')), 'limits');
    writeFileSync(limits, 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                20000                files\n');
    expect(openFileLimit(limits)).toBe(20_000);
    expect(openFileLimit(path.join(limits, 'missing'))).toBeNull();
    const limit = openFileLimit();
    expect(readConfig({}).maxSockets).toBe(limit === null ? null : Math.max(1, limit - 1000 - 2000));
    expect(readConfig({ MAX_SOCKETS: '500' }).maxSockets).toBe(500);
  });
});
