import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { NAMESPACE_ROWS, SOCKET_EVENTS } from '../support/authMatrix.ts';
import { connectClient, login, startTestServer } from '../support/server.ts';

/**
 * An event a namespace does not know (not in its catalogue, common/socketCommands.ts) is answered
 * `{ ok: false, error: 'unknown event: <name>' }` when the client asks for an answer — never a client
 * left waiting — on every namespace, the main namespace `/` (which serves nothing) included.
 */
let server: RunningServer;
const USERS = { wall: 'wall', console: 'officer', worker: 'W000001' } as const;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it.each(Object.keys(NAMESPACE_ROWS) as (keyof typeof NAMESPACE_ROWS)[])('/%s answers an event it does not know, and still serves its own', async (namespace) => {
  const socket: Socket = await connectClient(server.url, namespace, await login(server.url, USERS[namespace]));
  try {
    // Made up; another namespace's; a name every object has; with arguments; none.
    const foreign = namespace === 'worker' ? 'wall:requestSnapshot' : 'position:update';
    for (const [event, args] of [
      ['no:such-event', [1, { a: 2 }]],
      [foreign, [{ lng: 113.66, lat: 34.75, atMs: 0, accuracyM: 10 }]],
      ['toString', []],
      ['constructor', []],
    ] as const)
      expect(await socket.timeout(5000).emitWithAck(event, ...args), `${event} on /${namespace}`).toEqual({ ok: false, error: `unknown event: ${event}` });
    // A long name is not echoed whole.
    const long = `x:${'y'.repeat(5000)}`;
    const answer = (await socket.timeout(5000).emitWithAck(long)) as { ok: boolean; error: string };
    expect(answer.ok).toBe(false);
    expect(answer.error.length).toBeLessThan(200);
    // Sent without asking for an answer: dropped, the socket stays.
    socket.emit('no:such-event');
    const [event, args] = Object.entries(SOCKET_EVENTS[namespace])[0]!;
    expect(await socket.timeout(5000).emitWithAck(event, ...args), `${event} on /${namespace}`).toHaveProperty('ok');
    expect(socket.connected).toBe(true);
  } finally {
    socket.disconnect();
  }
});

it('/ (the main namespace, which serves nothing) answers every event as unknown', async () => {
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)));
    for (const event of ['wall:requestSnapshot', 'broadcast:inbox', 'anything']) expect(await socket.timeout(5000).emitWithAck(event), event).toEqual({ ok: false, error: `unknown event: ${event}` });
  } finally {
    socket.disconnect();
  }
});
