import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { RedisClient } from '../../server/coordination/leases.ts';

/** The Redis server tests use: TEST_REDIS_URL, or this machine's at 127.0.0.1:6379. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  /** A key prefix of this run's own: tests never see another run's keys. */
  prefix: string;
  connect(): Promise<RedisClient>;
  /** Deletes every key under the prefix and closes the clients it opened. */
  cleanUp(): Promise<void>;
}

/** Redis for one test file, or null (skipped loudly) when none answers outside CI; under CI=true a missing Redis fails. */
export async function createTestRedis(): Promise<TestRedis | null> {
  const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  probe.on('error', () => {});
  try {
    await probe.connect();
  } catch (error) {
    const message = `Redis is not reachable at ${REDIS_URL}: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI needs it: .ci/run starts it)`);
    console.warn(`\n⚠️  SKIPPING Redis tests — ${message}\n`);
    return null;
  }
  const prefix = `citybrain-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const opened: RedisClient[] = [probe as RedisClient];
  return {
    url: REDIS_URL,
    prefix,
    connect: async () => {
      const client = createClient({ url: REDIS_URL }) as RedisClient;
      client.on('error', () => {});
      await client.connect();
      opened.push(client);
      return client;
    },
    cleanUp: async () => {
      for await (const keys of probe.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await probe.del(keys);
      for (const client of opened) if (client.isOpen) await client.quit();
    },
  };
}
