import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { RedisClient } from '../../server/coordination/leases.ts';
import { RevokedSessions } from '../../server/auth/revokedSessions.ts';
import { createTestRedis } from '../support/redis.ts';

const redis = await createTestRedis();
afterAll(() => redis?.cleanUp());

describe('signed-out sessions, in one process', () => {
  it('refuses a signed-out session for the access tokens’ lifetime, and no other', async () => {
    let now = 1_000_000;
    const revoked = new RevokedSessions(15 * 60_000, () => now);
    await revoked.revoke('session-a');
    expect(await revoked.isRevoked('session-a')).toBe(true);
    expect(await revoked.isRevoked('session-b')).toBe(false);
    now += 15 * 60_000 - 1;
    expect(await revoked.isRevoked('session-a')).toBe(true);
    now += 1;
    expect(await revoked.isRevoked('session-a')).toBe(false);
  });

  it('forgets expired revocations as it goes, so a stream of sign-outs does not grow it for ever', async () => {
    let now = 0;
    const revoked = new RevokedSessions(1000, () => now);
    for (let i = 0; i < 50_000; i++) {
      await revoked.revoke(`s${i}`);
      now += 1;
    }
    // Only those of the last second can be held; the sweeps left at most a couple of generations.
    expect((revoked as unknown as { revoked: Map<string, number> }).revoked.size).toBeLessThan(12_000);
    expect(await revoked.isRevoked('s49999')).toBe(true);
    expect(await revoked.isRevoked('s0')).toBe(false);
  });
});

describe.skipIf(!redis)('signed-out sessions, across nodes through Redis', () => {
  it('a session signed out on one node is refused on every other at once, and on a node started later', async () => {
    const shared = { client: await redis!.connect(), prefix: redis!.prefix };
    const nodeA = new RevokedSessions(60_000, Date.now, shared);
    const nodeB = new RevokedSessions(60_000, Date.now, { client: await redis!.connect(), prefix: redis!.prefix });
    expect(await nodeB.isRevoked('session-x')).toBe(false);
    await nodeA.revoke('session-x');
    expect(await nodeB.isRevoked('session-x')).toBe(true);
    expect(await nodeB.isRevoked('session-y')).toBe(false);
    const later = new RevokedSessions(60_000, Date.now, { client: await redis!.connect(), prefix: redis!.prefix });
    expect(await later.isRevoked('session-x')).toBe(true);
    // Kept in Redis only as long as the access tokens live.
    const ttl = await shared.client.pTTL(`${redis!.prefix}revoked-session:session-x`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Another deployment (another prefix) on the same Redis is not affected.
    expect(await new RevokedSessions(60_000, Date.now, { client: shared.client, prefix: `${redis!.prefix}other:` }).isRevoked('session-x')).toBe(false);
  });

  it('answers from its own memory, without waiting, while Redis is not there', async () => {
    const gone = createClient({ url: redis!.url, socket: { reconnectStrategy: false } }) as RedisClient;
    gone.on('error', () => {});
    await gone.connect();
    const node = new RevokedSessions(60_000, Date.now, { client: gone, prefix: redis!.prefix }, () => {});
    await gone.close();
    const started = Date.now();
    await node.revoke('session-z');
    expect(await node.isRevoked('session-z')).toBe(true);
    expect(await node.isRevoked('session-unknown')).toBe(false);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
