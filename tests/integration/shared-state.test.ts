import { afterAll, describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { SharedReceipts } from '../../server/broadcasts/sharedReceipts.ts';
import { Membership } from '../../server/coordination/membership.ts';
import { NodeBus } from '../../server/coordination/nodeBus.ts';
import type { SharedRedis } from '../../server/coordination/sharedRedis.ts';
import { createTestRedis } from '../support/redis.ts';

/**
 * The state the nodes share in Redis, against a real Redis under a prefix of this run's own:
 * receipts counted once however often and from wherever they come, connected figures only of
 * live nodes, and the nodes' stream (each hears the others, not itself, in order).
 */
const redis = await createTestRedis();
afterAll(() => redis?.cleanUp());

async function node(nodeId: string): Promise<SharedRedis> {
  const client = await redis!.connect();
  return { client, prefix: redis!.prefix, nodeId, key: (name) => `${redis!.prefix}${name}`, duplicate: () => redis!.connect(), probe: async () => ({ ok: true, latencyMs: 0 }), close: async () => {} };
}

const within = async (timeoutMs: number, check: () => boolean) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.skipIf(!redis)('shared state in Redis', () => {
  it('counts each receipt once, whichever node claims it and however often', async () => {
    const [a, b] = [new SharedReceipts(await node('a'), 60_000, 16), new SharedReceipts(await node('b'), 60_000, 16)];
    expect(
      await a.claim('BC1', [
        { index: 5, district: 2, confirmed: false, latencyMs: 120 },
        { index: 9, district: 3, confirmed: true, latencyMs: 5 },
      ]),
    ).toEqual({ delivered: 2, confirmed: 1 });
    // The same receipts again on another node, and worker 5's confirmation: only the confirmation is new.
    expect(
      await b.claim('BC1', [
        { index: 5, district: 2, confirmed: true, latencyMs: 999 },
        { index: 9, district: 3, confirmed: true, latencyMs: 5 },
      ]),
    ).toEqual({ delivered: 0, confirmed: 1 });
    const f = (await a.figures(['BC1'], new Set()))!.get('BC1')!;
    expect(f).toMatchObject({ delivered: 2, confirmed: 2, seeded: false });
    expect(f.deliveredByDistrict[2]).toBe(1);
    expect(f.deliveredByDistrict[3]).toBe(1);
    // The first receipt's latency stands (120 ms → the 130 ms bucket edge), not the repeat's.
    expect(f.latency.percentile(1)).toBe(130);
    await a.markSeeded('BC1');
    expect((await b.figures(['BC1'], new Set())).get('BC1')!.seeded).toBe(true);
    // Large batches are counted whole.
    const many = Array.from({ length: 2500 }, (_, i) => ({ index: 1000 + i, district: i % 16, confirmed: i % 2 === 0, latencyMs: i }));
    expect(await a.claim('BC2', many)).toEqual({ delivered: 2500, confirmed: 1250 });
    expect(await b.claim('BC2', many)).toEqual({ delivered: 0, confirmed: 0 });
  });

  it('adds up the connected figures of live nodes only, and stamps a moment once', async () => {
    const shared = new SharedReceipts(await node('x'), 60_000, 16);
    await shared.setOnline('BC3', 'node-1', 10, 4);
    await shared.setOnline('BC3', 'node-2', 5, 5);
    await shared.setOnline('BC3', 'node-1', 12, 6);
    expect((await shared.figures(['BC3'], new Set(['node-1', 'node-2']))).get('BC3')).toMatchObject({ connected: 17, connectedReached: 11 });
    expect((await shared.figures(['BC3'], new Set(['node-2']))).get('BC3')).toMatchObject({ connected: 5, connectedReached: 5 });
    await shared.stampOnce('BC3', 'allAt', 1000);
    await shared.stampOnce('BC3', 'allAt', 2000);
    expect((await shared.figures(['BC3'], new Set())).get('BC3')!.allDeliveredAtMs).toBe(1000);
  });

  it('knows which nodes are alive, and one that leaves is gone at once', async () => {
    const [one, two] = [new Membership(await node('m-1'), Date.now, () => {}), new Membership(await node('m-2'), Date.now, () => {})];
    await one.start();
    await two.start();
    await one.stop();
    await two.stop();
    await two.start();
    expect([...two.alive]).toEqual(['m-2']);
    await two.stop();
  });

  it('tells every other node what one says, in order, and not the one that said it', async () => {
    const [ra, rb] = [await node('bus-a'), await node('bus-b')];
    const [a, b] = [new NodeBus(ra, () => {}), new NodeBus(rb, () => {})];
    const heardByA: string[] = [];
    const heardByB: string[] = [];
    a.on('events:committed', (events) => heardByA.push(...events.map((e) => e.id)));
    b.on('events:committed', (events) => heardByB.push(...events.map((e) => e.id)));
    await a.open();
    await b.open();
    // Said before B starts reading (while it loads its state): B still hears it.
    await a.publish('events:committed', [{ id: 'EV1' } as CityEvent]);
    a.start();
    b.start();
    for (let i = 2; i <= 50; i++) await a.publish('events:committed', [{ id: `EV${i}` } as CityEvent]);
    await b.publish('events:committed', [{ id: 'FROM-B' } as CityEvent]);
    await within(5000, () => heardByB.length === 50 && heardByA.length === 1);
    expect(heardByB).toEqual(Array.from({ length: 50 }, (_, i) => `EV${i + 1}`));
    expect(heardByA).toEqual(['FROM-B']);
    await a.stop();
    await b.stop();
  });
});
