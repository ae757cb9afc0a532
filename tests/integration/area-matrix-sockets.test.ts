import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AreaRule, SOCKET_AREA_RULES, OBJECT_RULES } from '../support/authMatrix.ts';
import { city, ev, inHuaihe, inJinshui, openAreaCity, PHONE, tokens, workers } from '../support/areaCity.ts';
import { connectClient, login } from '../support/server.ts';

/**
 * The area matrix of socket events: every client → server event whose area rule names an object
 * (tests/support/authMatrix.ts SOCKET_AREA_RULES), for a street and a district officer, against an
 * object inside their area and one outside: inside shown, outside not shown (or without contacts).
 */

beforeAll(openAreaCity, 120_000);
afterAll(() => city.server?.stop());

/** What one socket request shows of the object: whether it is there, and the text that concerns it (its entry, or the answer). */
type SocketProbe = (socket: Socket, where: 'inside' | 'outside') => Promise<{ shown: boolean; text: string }>;

/** For each socket event whose area rule names an object: how to ask it. */
const SOCKET_PROBES: { [N in keyof typeof SOCKET_AREA_RULES]: Partial<Record<keyof (typeof SOCKET_AREA_RULES)[N], SocketProbe>> } = {
  wall: {
    'event:history': async (socket, where) => {
      const id = where === 'inside' ? ev.in : ev.far;
      const text = JSON.stringify(await socket.timeout(5000).emitWithAck('event:history', id));
      return { shown: text.includes(id), text };
    },
    // Both workers stand where they patrol (on duty, one fix each): a click finds the one there only if the area holds them.
    'worker:at': async (socket, where) => {
      const answer = await socket.timeout(5000).emitWithAck('worker:at', { ...(where === 'inside' ? inHuaihe : inJinshui), radiusM: 50 });
      return { shown: answer.ok === true && answer.worker.id === (where === 'inside' ? workers.in : workers.far), text: JSON.stringify(answer) };
    },
  },
  console: {
    'desk:requestSnapshot': async (socket, where) => {
      const answer = await socket.timeout(5000).emitWithAck('desk:requestSnapshot');
      const id = where === 'inside' ? ev.in : ev.far;
      const entry = answer.ok === true ? answer.snapshot.events.find((e: { id: string }) => e.id === id) : undefined;
      return { shown: entry !== undefined, text: entry === undefined ? '' : JSON.stringify(entry) };
    },
  },
  worker: {},
};

describe('the area matrix of socket events', () => {
  const socketCells = (Object.entries(SOCKET_AREA_RULES) as [keyof typeof SOCKET_AREA_RULES, Record<string, AreaRule>][]).flatMap(([namespace, rules]) =>
    Object.entries(rules)
      .filter(([, rule]) => OBJECT_RULES.has(rule))
      .flatMap(([event]) => (['streetOfficer', 'districtOfficer'] as const).map((who) => [namespace, event, who] as const)),
  );
  const phones: Socket[] = [];
  beforeAll(async () => {
    for (const [worker, where] of [
      [workers.in, inHuaihe],
      [workers.far, inJinshui],
    ] as const) {
      const phone: Socket = await connectClient(city.server.url, 'worker', await login(city.server.url, worker));
      phones.push(phone);
      expect(await phone.timeout(5000).emitWithAck('duty:set', { onDuty: true })).toMatchObject({ ok: true });
      expect(await phone.timeout(5000).emitWithAck('position:update', { ...where, atMs: Date.now(), accuracyM: 10 })).toMatchObject({ ok: true });
    }
  });
  afterAll(() => {
    for (const phone of phones) phone.disconnect();
  });

  it('has a probe for every socket event whose area rule names an object', () => {
    const missing = socketCells.filter(([namespace, event]) => !(SOCKET_PROBES[namespace] as Record<string, SocketProbe>)[event]);
    expect(missing).toEqual([]);
  });

  it.each(socketCells)('/%s %s as %s: inside shown, outside not (or without contacts)', async (namespace, event, who) => {
    const probe = (SOCKET_PROBES[namespace] as Record<string, SocketProbe>)[event]!;
    const socket: Socket = await connectClient(city.server.url, namespace, tokens[who]);
    try {
      const inside = await probe(socket, 'inside');
      expect(inside.shown, `inside: ${inside.text.slice(0, 200)}`).toBe(true);
      const outside = await probe(socket, 'outside');
      if (outside.shown) expect(outside.text, `outside: ${outside.text.slice(0, 200)}`).not.toContain(PHONE);
      else expect(outside.text).not.toContain(PHONE);
    } finally {
      socket.disconnect();
    }
  });

  it('a city officer finds a worker anywhere; an event’s history carries its contacts for the officers of its area', async () => {
    const centre: Socket = await connectClient(city.server.url, 'wall', tokens.cityOfficer);
    const street: Socket = await connectClient(city.server.url, 'wall', tokens.streetOfficer);
    try {
      expect(await centre.timeout(5000).emitWithAck('worker:at', { ...inJinshui, radiusM: 50 })).toMatchObject({ ok: true, worker: { id: workers.far } });
      expect(await street.timeout(5000).emitWithAck('worker:at', { ...inJinshui, radiusM: 50 })).toMatchObject({ ok: false });
      expect(JSON.stringify(await street.timeout(5000).emitWithAck('event:history', ev.in))).toContain(PHONE);
    } finally {
      centre.disconnect();
      street.disconnect();
    }
  });
});
