import { afterAll, describe, expect, it } from 'vitest';
import { LeaseKeeper } from '../../server/coordination/leases.ts';
import { createTestRedis } from '../support/redis.ts';

/**
 * Leases in a real Redis, under a prefix of this run's own: one holder at a time, a graceful stop
 * hands over at once, a dead holder's lease moves within its time to live, and two deployments
 * (prefixes) never share one.
 */
const redis = await createTestRedis();
afterAll(() => redis?.cleanUp());

/** Short times so that a lapse takes a fraction of a second. */
const FAST = { ttlMs: 600, checkEveryMs: 100 };
const until = async (check: () => boolean, timeoutMs: number) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};

describe.skipIf(!redis)('leases', () => {
  it('go to one node at a time; a graceful stop hands over at once, with a new epoch', async () => {
    const [a, b] = [
      new LeaseKeeper({ redis: await redis!.connect(), prefix: redis!.prefix, nodeId: 'node-a', timing: FAST }),
      new LeaseKeeper({ redis: await redis!.connect(), prefix: redis!.prefix, nodeId: 'node-b', timing: FAST }),
    ];
    await a.start(['sla-sweep', 'wall-feed']);
    await b.start(['sla-sweep', 'wall-feed']);
    expect(
      a
        .heldLeases()
        .map((l) => l.name)
        .sort(),
    ).toEqual(['sla-sweep', 'wall-feed']);
    expect(b.heldLeases()).toEqual([]);
    // Renewals keep it where it is, check after check.
    await new Promise((r) => setTimeout(r, 3 * FAST.ttlMs));
    expect(a.holds('sla-sweep')).toBe(true);
    expect(b.holds('sla-sweep')).toBe(false);
    const firstEpoch = a.heldLeases().find((l) => l.name === 'sla-sweep')!.epoch;

    const changes: { name: string; held: boolean }[] = [];
    b.onChange((c) => changes.push(c));
    const stopped = Date.now();
    await a.stop();
    expect(a.heldLeases()).toEqual([]);
    expect(await until(() => b.holds('sla-sweep') && b.holds('wall-feed'), 2000)).toBe(true);
    // Handed over at the next check, not after the lease lapsed.
    expect(Date.now() - stopped).toBeLessThan(FAST.ttlMs);
    expect(b.heldLeases().find((l) => l.name === 'sla-sweep')!.epoch).toBeGreaterThan(firstEpoch);
    expect(
      changes
        .filter((c) => c.held)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['sla-sweep', 'wall-feed']);
    await b.stop();
  });

  it('move from a holder that died to another within the time to live, and the dead one never takes it back by renewing', async () => {
    const deadClient = await redis!.connect();
    const dead = new LeaseKeeper({ redis: deadClient, prefix: redis!.prefix, nodeId: 'node-dead', timing: FAST });
    const alive = new LeaseKeeper({ redis: await redis!.connect(), prefix: redis!.prefix, nodeId: 'node-alive', timing: FAST });
    await dead.start(['resends']);
    await alive.start(['resends']);
    expect(dead.holds('resends')).toBe(true);
    // The holder stops renewing as a killed process would: no release, its key simply lapses.
    (dead as unknown as { checking: { stop(): void } }).checking.stop();
    const died = Date.now();
    expect(await until(() => alive.holds('resends'), 3 * FAST.ttlMs)).toBe(true);
    expect(Date.now() - died).toBeLessThan(FAST.ttlMs + 3 * FAST.checkEveryMs);
    // Its next renewal finds the lease someone else's: it lets go instead of extending it.
    await dead.check();
    expect(dead.holds('resends')).toBe(false);
    expect(alive.holds('resends')).toBe(true);
    await alive.stop();
    await dead.stop();
  });

  it('are per deployment: another prefix on the same Redis has its own', async () => {
    const mine = new LeaseKeeper({ redis: await redis!.connect(), prefix: redis!.prefix, nodeId: 'node-1', timing: FAST });
    const theirs = new LeaseKeeper({ redis: await redis!.connect(), prefix: `${redis!.prefix}other:`, nodeId: 'node-1', timing: FAST });
    await mine.start(['sla-sweep']);
    await theirs.start(['sla-sweep']);
    expect([mine.holds('sla-sweep'), theirs.holds('sla-sweep')]).toEqual([true, true]);
    await mine.stop();
    await theirs.stop();
  });

  it('refuse a check interval too long for the time to live', async () => {
    expect(() => new LeaseKeeper({ redis: null as never, prefix: 'x:', nodeId: 'n', timing: { ttlMs: 1000, checkEveryMs: 600 } })).toThrow(/under half/);
  });
});
