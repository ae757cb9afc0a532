import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeState } from '../../common/domain/modes.ts';
import type { ConsoleClientToServer, ConsoleServerToClient, ConsoleSnapshot, WallClientToServer, WallDelta, WallServerToClient, WallSnapshot } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

const nextMode = (socket: Socket<{ 'mode:changed': (m: ModeState) => void }>, timeoutMs = 3000) =>
  new Promise<ModeState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no mode:changed')), timeoutMs);
    socket.once('mode:changed', (mode) => {
      clearTimeout(timer);
      resolve(mode);
    });
  });

/** The next switch a wall hears: it rides the wall's sequenced deltas. */
const nextWallMode = (socket: Socket<WallServerToClient, WallClientToServer>, timeoutMs = 3000) =>
  new Promise<ModeState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no delta with a mode')), timeoutMs);
    const listener = (delta: WallDelta) => {
      if (!delta.mode) return;
      clearTimeout(timer);
      socket.off('wall:delta', listener);
      resolve(delta.mode);
    };
    socket.on('wall:delta', listener);
  });

describe('the operating mode', () => {
  let server: RunningServer;
  let officer: string;
  let walls: Socket<WallServerToClient, WallClientToServer>[];
  let console_: Socket<ConsoleServerToClient, ConsoleClientToServer>;
  beforeAll(async () => {
    server = await startTestServer();
    officer = await login(server.url, 'officer');
    const wallToken = await login(server.url, 'wall');
    walls = await Promise.all([1, 2].map(() => connectClient<WallServerToClient, WallClientToServer>(server.url, 'wall', wallToken)));
    console_ = await connectClient<ConsoleServerToClient, ConsoleClientToServer>(server.url, 'console', officer);
  });
  afterAll(async () => {
    for (const s of [...walls, console_]) s?.disconnect();
    await server?.stop();
  });

  it('may be switched only by a city officer; others are refused and nothing changes', async () => {
    const change = { mode: 'emergency', reason: '暴雨红色预警' };
    for (const user of ['officer.erqi', 'officer.huaihe', 'wall', 'integration']) {
      const res = await call(server.url, 'POST', '/api/mode', await login(server.url, user), change);
      expect(res.status, user).toBe(403);
    }
    expect((await call(server.url, 'POST', '/api/mode', null, change)).status).toBe(401);
    const bad = await call(server.url, 'POST', '/api/mode', officer, { mode: 'panic', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['mode']);
    const noReason = await call(server.url, 'POST', '/api/mode', officer, { mode: 'holiday', reason: ' ' });
    expect(noReason.body.fields).toEqual(['reason']);
    const now = (await call(server.url, 'GET', '/api/mode', officer)).body;
    expect(now.mode.mode).toBe('routine');
    expect(now.history).toEqual([]);
  });

  it('reaches every wall and console at once, is audited, and is in the next snapshot', async () => {
    const heard = [...walls.map((w) => nextWallMode(w)), nextMode(console_ as never)];
    const res = await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '暴雨红色预警' });
    expect(res.status).toBe(200);
    expect(res.body.mode).toMatchObject({ mode: 'emergency', actor: 'officer', reason: '暴雨红色预警' });
    for (const mode of await Promise.all(heard)) expect(mode).toEqual(res.body.mode);

    await call(server.url, 'POST', '/api/mode', officer, { mode: 'routine', reason: '雨停，解除应急' });
    const audit = (await call(server.url, 'GET', '/api/mode', await login(server.url, 'wall'))).body;
    expect(audit.mode.mode).toBe('routine');
    expect(audit.history.map((h: ModeState) => [h.mode, h.actor, h.reason])).toEqual([
      ['routine', 'officer', '雨停，解除应急'],
      ['emergency', 'officer', '暴雨红色预警'],
    ]);
    const snapshot = await new Promise<WallSnapshot>((resolve) => walls[0]!.emit('wall:requestSnapshot', (ack) => ack.ok && resolve(ack.snapshot)));
    expect(snapshot.mode.mode).toBe('routine');
    // A console that joins now is given the mode and its switches without asking.
    // Listening before the connection opens: the snapshot comes with it.
    const joined: Socket<ConsoleServerToClient, ConsoleClientToServer> = io(`${server.url}/console`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: officer } });
    const given = await new Promise<ConsoleSnapshot>((resolve) => joined.once('console:snapshot', resolve));
    joined.disconnect();
    expect(given.mode).toMatchObject({ mode: 'routine', reason: '雨停，解除应急' });
    expect(given.modeHistory.map((m) => m.reason)).toEqual(['雨停，解除应急', '暴雨红色预警']);
  });

  it('lowers the waterlogging level that opens an event in an emergency', async () => {
    const gateway = await login(server.url, 'integration');
    const post = (sensorId: string, depthCm: number) => call(server.url, 'POST', '/api/sensors/readings', gateway, { readings: [{ sensorId, atMs: Date.now(), value: depthCm, unit: 'cm' }] });
    expect((await post('WL000100', 14)).body.alertsOpened).toBe(0);
    await call(server.url, 'POST', '/api/mode', officer, { mode: 'emergency', reason: '演练' });
    expect((await post('WL000101', 14)).body.alertsOpened).toBe(1);
    // The routine-mode blue alert opens its event at the next reading in an emergency.
    expect((await post('WL000100', 14.5)).body.alertsOpened).toBe(1);
    await call(server.url, 'POST', '/api/mode', officer, { mode: 'routine', reason: '演练结束' });
  });
});
