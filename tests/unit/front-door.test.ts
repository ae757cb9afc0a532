import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileLimit, readConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { FrontDoor } from '../../server/realtime/frontDoor.ts';

/** A stand-in for Engine.IO: connections are emitters with the request they came with. */
function fakeEngine() {
  const engine = new EventEmitter();
  const open = (address: string) => {
    const conn = Object.assign(new EventEmitter(), { request: { address } });
    engine.emit('connection', conn);
    return conn;
  };
  return { io: { engine } as never, open };
}

const door = (limits: Partial<ConstructorParameters<typeof FrontDoor>[0]> = {}) => {
  const d = new FrontDoor({ maxSockets: 2, maxPending: 3, unsignedPerAddressPerMin: 4, ...limits }, (req) => (req as unknown as { address: string }).address, createLogger('silent'));
  const engine = fakeEngine();
  d.attach(engine.io);
  return { door: d, ...engine, signIn: (conn: EventEmitter) => d.signedInOn({ conn } as never) };
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
