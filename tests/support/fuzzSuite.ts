import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import type { NamespaceName } from '../../common/socketCatalogue.ts';
import { SOCKET_COMMANDS, type SocketPayloadSchema } from '../../common/socketCommands.ts';
import { CALLERS, type Caller, NAMESPACE_ROWS, ROUTES, SOCKET_EVENTS } from './authMatrix.ts';
import { signInEveryCaller } from './callers.ts';
import { connectClient } from './server.ts';

/**
 * The fuzz suite: every route of the authorisation matrix and every client → server socket event
 * gets arbitrary input from a caller it admits. Whatever arrives, the answer is never a 5xx, the
 * process never falls over, and the server still answers afterwards. Runs are bounded and seeded
 * (FUZZ_SEED to replay one).
 */
const RUNS_PER_ROUTE = 60;
const SEED = Number(process.env.FUZZ_SEED ?? 20250720);

/** Text a hostile client might send: what PostgreSQL cannot keep (NUL, lone surrogates), bidi controls, 4-byte characters, a megabyte of combining marks. */
const MEGABYTE_OF_COMBINING_MARKS = '\u0301'.repeat(512 * 1024);
const edgeText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ude00y', '\u202e\u2066cba\u2069', '𠀀𪚥😀', 'e\u0301\u0301\u0301', MEGABYTE_OF_COMBINING_MARKS),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), edgeText);

/**
 * The fuzz suite on one store: `open` starts the server (with a generous per-address sign-in
 * limit: the suite signs in many times from one address).
 */
export function fuzzSuite(open: () => Promise<RunningServer>): void {
  let server: RunningServer;
  const credentials = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    server = await open();
    Object.assign(credentials, await signInEveryCaller(server));
  });
  afterAll(() => server?.stop());

  /** Path segments as a hostile client might send them: ids, nonsense, traversal, huge, encoded. */
  const segment = fc.oneof(
    fc.constantFrom('BC000001', 'EV000000001', 'WL000001', '..', '%00', 'x'.repeat(3000), '-1', '1e308', '%ED%A0%80'),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 10 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\u0000'))),
  );
  const query = fc.dictionary(
    fc.constantFrom(
      'limit',
      'offset',
      'state',
      'sinceMs',
      'parent',
      'lng',
      'lat',
      'kind',
      'district',
      'action',
      'beforeId',
      'api_key',
      'service_request_id',
      'start_date',
      'page',
      'page_size',
      'status',
      'scale',
      'externalId',
      'after',
      'actor',
      'x',
    ),
    fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom('\u0000', 'a\u0000')),
    { maxKeys: 4 },
  );
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({ username: text(80), password: text(300) }),
    fc.record({ scope: fc.record({ city: fc.boolean(), districts: fc.array(text(12), { maxLength: 30 }), roles: fc.array(fc.string(), { maxLength: 3 }) }, { requiredKeys: [] }) }),
    fc.record({ to: fc.string(), note: text(3000) }, { requiredKeys: [] }),
    // Every free-text field of the catalogue's commands, with text no store can keep among the rest.
    fc.record(
      {
        channel: fc.constantFrom('hotline12345', 'photoReport'),
        category: fc.constantFrom('pavementDamage', 'waterlogging'),
        description: text(60),
        location: fc.record({ lng: fc.constant(113.66), lat: fc.constant(34.75), address: text(20) }),
        reporter: fc.record({ name: text(10), phone: text(10) }),
        externalId: text(20),
      },
      { requiredKeys: ['channel', 'category', 'description', 'location'] },
    ),
    fc.record(
      {
        title: text(20),
        kinds: fc.constant(['crossRegion']),
        eventIds: fc.constant(['EV000000001']),
        participants: fc.array(text(10), { maxLength: 3 }),
        decisions: text(40),
        resolution: text(40),
        atMs: fc.constant(0),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        mode: fc.constantFrom('normal', 'emergency'),
        reason: text(30),
        satisfied: fc.boolean(),
        comment: text(30),
        worker: fc.constant('W000001'),
        kind: fc.constant('verify'),
        report: text(30),
        outcome: fc.constant('handled'),
        leader: text(10),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(edgeText, fc.oneof(edgeText, fc.string()), { maxKeys: 3 }),
    fc.record({ simulatedNowMs: fc.oneof(fc.integer(), fc.double()), speed: fc.double() }, { requiredKeys: [] }),
    fc.record({ ratings: fc.array(fc.record({ department: fc.string(), score: fc.double() }), { maxLength: 20 }) }, { requiredKeys: [] }),
    fc.record({ readings: fc.array(fc.record({ sensorId: text(16), atMs: fc.double(), value: fc.double(), unit: text(10) }), { maxLength: 20 }) }),
    fc.record({
      content: fc.record({ title: text(80), body: text(80), priority: fc.constantFrom('flash', 'normal', 'x'), requiresConfirmation: fc.anything() }),
      scope: fc.constant({ streets: ['410103001'] }),
    }),
  );

  /**
   * What a refused request must not have changed: the newest event, broadcast and mode switch, and
   * — for the sign-in routes, the only ones that reach the accounts — the accounts' counts (a scan
   * of 100,000 rows: on PostgreSQL, read for every run of every route, it was most of the suite's time).
   */
  const footprint = async (route: string) => ({
    event: server.deps.events.newestCommittedId,
    broadcast: (await server.deps.broadcastRepository.recent(1))[0]?.id ?? null,
    mode: (await server.deps.modes.history()).length,
    accounts: route.includes(' /api/auth/') ? JSON.stringify(await server.deps.trust.accounts.counts()) : null,
  });

  /** A caller the route lets through (or anyone, for a public route): fuzzing must reach past the door. */
  const admittedCaller = (row: Record<Caller, unknown>): Caller => CALLERS.find((c) => c !== 'anonymous' && row[c] === 'ok') ?? 'anonymous';

  describe('fuzzing every route with arbitrary input', () => {
    it.each(Object.entries(ROUTES))('%s never answers 5xx', async (route, row) => {
      const [method, pattern] = route.split(' ') as [string, string];
      const token = credentials[admittedCaller(row)];
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { minLength: 3, maxLength: 3 }), query, body, fc.boolean(), async (segments, params, payload, raw) => {
          let i = 0;
          const path = pattern.replace(/:[a-z]+/g, () => segments[i++ % 3]!);
          const search = new URLSearchParams(params).toString();
          const before = await footprint(route);
          const res = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, {
            method,
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            // Sometimes not JSON at all.
            body: method === 'POST' ? (raw ? `{"${JSON.stringify(payload).slice(0, 50)}` : JSON.stringify(payload)) : undefined,
          });
          await res.arrayBuffer();
          expect(res.status, `${method} ${path}?${search}`).toBeLessThan(500);
          if (res.status >= 400) expect(await footprint(route), `refused ${method} ${path} wrote something`).toEqual(before);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED },
      );
      expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
    });
  });

  /** Whether the catalogue's schema for this event takes these arguments. */
  function payloadAccepted(namespace: NamespaceName, event: string, args: unknown[]): boolean {
    const schema = (SOCKET_COMMANDS[namespace] as Record<string, SocketPayloadSchema>)[event];
    if (schema === null) return args.length === 0;
    return args.length === 1 && schema!.safeParse(args[0]).success;
  }

  describe('fuzzing every socket event with arbitrary payloads', () => {
    it('fuzzes every event of the catalogue', () => {
      for (const namespace of Object.keys(SOCKET_COMMANDS) as NamespaceName[]) expect(Object.keys(SOCKET_EVENTS[namespace]).sort()).toEqual(Object.keys(SOCKET_COMMANDS[namespace]).sort());
    });

    it.each(Object.keys(SOCKET_EVENTS) as NamespaceName[])('/%s refuses a payload of the wrong shape, naming it', async (namespace) => {
      const socket: Socket = await connectClient(server.url, namespace, credentials[NAMESPACE_ROWS[namespace][0]!]!);
      try {
        for (const [event, schema] of Object.entries(SOCKET_COMMANDS[namespace] as Record<string, SocketPayloadSchema>)) {
          const wrong = schema === null ? ['unexpected'] : [{ id: 'x'.repeat(100_000) }];
          expect(await socket.timeout(5000).emitWithAck(event, ...wrong)).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^${event}: `)) });
        }
      } finally {
        socket.disconnect();
      }
    });

    it.each(Object.keys(SOCKET_EVENTS) as (keyof typeof SOCKET_EVENTS)[])('/%s survives anything, and still answers', async (namespace) => {
      const caller = NAMESPACE_ROWS[namespace][0]!;
      const socket: Socket = await connectClient(server.url, namespace, credentials[caller]!);
      try {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...Object.keys(SOCKET_EVENTS[namespace])), fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }), fc.boolean(), async (event, args, withAck) => {
            if (!withAck) return void socket.emit(event, ...args);
            // Every request asking for an answer gets one; one the catalogue refuses is refused, never handled.
            const answer = await socket.timeout(5000).emitWithAck(event, ...args);
            expect(typeof answer.ok).toBe('boolean');
            if (!answer.ok) expect(answer.error).toEqual(expect.any(String));
            if (!payloadAccepted(namespace, event, args)) expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^(${event}: |rate limited)`)) });
          }),
          { numRuns: 40, seed: SEED },
        );
        // Still connected, and a well-formed request is still answered.
        const [event, args] = Object.entries(SOCKET_EVENTS[namespace])[0]!;
        expect(await socket.timeout(5000).emitWithAck(event, ...args)).toHaveProperty('ok');
        expect(socket.connected).toBe(true);
      } finally {
        socket.disconnect();
      }
    });
  });
}
