import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../common/socketCatalogue.ts';
import type { RunningServer } from '../../server/index.ts';
import { CALLERS, type Caller, NAMESPACE_ROWS, ROUTES, SOCKET_EVENTS } from '../support/authMatrix.ts';
import { report } from '../support/reports.ts';
import { routesOf } from '../support/routes.ts';
import { signInEveryCaller } from '../support/callers.ts';
import { call, connectClient, startTestServer, stubClientDir } from '../support/server.ts';

let server: RunningServer;
const credentials = {} as Record<Caller, string | null>;
let eventId = '';
let broadcastId = '';

beforeAll(async () => {
  // POST /api/clock is served only with the simulation clock (tests/integration/clock-access.test.ts): on here, so the matrix covers it.
  server = await startTestServer({ clientDir: stubClientDir(), simulationClock: true });
  Object.assign(credentials, await signInEveryCaller(server));
  // In 郑东新区, named here: outside the district and street officers' areas, whichever test file ran first in this worker.
  eventId = (await call(server.url, 'POST', '/api/events', credentials.integration, report({ lng: 113.75, lat: 34.75 }))).body.id;
  broadcastId = (
    await call(server.url, 'POST', '/api/broadcasts', credentials.cityOfficer, {
      content: { title: '矩阵测试', body: '权限矩阵', priority: 'normal', requiresConfirmation: false },
      scope: { streets: ['410103001'] },
    })
  ).body.id;
});
afterAll(() => server?.stop());

/** A concrete path for a route pattern: real ids where the route reads one. */
function concrete(pattern: string): string {
  return pattern
    .replace('/api/map/tiles/:z/:x/:y.pbf', '/api/map/tiles/10/843/416.pbf')
    .replace(/\/api\/sensors\/:id/, '/api/sensors/WL000001')
    .replace(/\/api\/broadcasts\/:id/, `/api/broadcasts/${broadcastId}`)
    .replace(/\/api\/events\/:id/, `/api/events/${eventId}`)
    .replace('/open311/v2/requests/:id.json', `/open311/v2/requests/${eventId}.json`);
}

describe('the authorisation matrix', () => {
  it('lists every route the server has, and nothing it does not', () => {
    expect(routesOf(server.app.express)).toEqual(Object.keys(ROUTES).sort());
  });

  describe.each(Object.entries(ROUTES))('%s', (route, expected) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const [method, pattern] = route.split(' ') as [string, string];
      // An empty body: the answer to a caller let through is a 400 (or the read), never 401/403.
      const res = await call(server.url, method, concrete(pattern), credentials[caller], method === 'POST' ? {} : undefined).catch(async () => {
        const raw = await fetch(`${server.url}${concrete(pattern)}`, { method, headers: credentials[caller] ? { authorization: `Bearer ${credentials[caller]}` } : {} });
        return { status: raw.status, body: null };
      });
      if (expected[caller] === 'ok') {
        expect(res.status, `${caller} on ${route}`).not.toBe(401);
        expect(res.status, `${caller} on ${route}`).not.toBe(403);
        expect(res.status, `${caller} on ${route}`).toBeLessThan(500);
      } else expect(res.status, `${caller} on ${route}`).toBe(expected[caller]);
    });
  });

  it('admits to each namespace exactly its roles', async () => {
    for (const [namespace, allowed] of Object.entries(NAMESPACE_ROWS) as [keyof typeof NAMESPACE_ROWS, readonly Caller[]][]) {
      for (const caller of CALLERS) {
        const joined = await connectClient(server.url, namespace, credentials[caller] ?? undefined).then(
          (socket) => (socket.disconnect(), true),
          () => false,
        );
        expect(joined, `${caller} joining ${namespace}`).toBe(allowed.includes(caller));
      }
    }
  });

  it('covers every client → server event of the catalogue, each answered on its namespace', async () => {
    const catalogue = readFileSync('common/socketCatalogue.ts', 'utf8');
    for (const namespace of Object.keys(NAMESPACES) as (keyof typeof NAMESPACES)[]) {
      const name = `${namespace[0]!.toUpperCase()}${namespace.slice(1)}ClientToServer`;
      const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(catalogue)?.[1] ?? '';
      const events = [...body.matchAll(/'([a-z]+:[A-Za-z]+)'/g)].map((m) => m[1]);
      expect(Object.keys(SOCKET_EVENTS[namespace]).sort(), `${namespace} events`).toEqual(events.sort());
      const caller = NAMESPACE_ROWS[namespace][0]!;
      const socket: Socket = await connectClient(server.url, namespace, credentials[caller]!);
      for (const [event, args] of Object.entries(SOCKET_EVENTS[namespace])) {
        const ack = await socket.timeout(5000).emitWithAck(event, ...args);
        expect(ack, `${event} on ${namespace}`).toHaveProperty('ok');
      }
      socket.disconnect();
    }
  });
});
