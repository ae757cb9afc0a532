import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from '../logger.ts';
import type { RedisClient } from './leases.ts';

/** Longest wait between two reconnection attempts to Redis, ms. */
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisStatus {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
}

/**
 * The Redis every node of a deployment shares: one command connection (more are duplicated from
 * it for blocking reads), the deployment's key prefix, and this process's node id — unique per
 * start, so a restarted node is a new member and nothing it said before is mistaken for now.
 */
export interface SharedRedis {
  client: RedisClient;
  prefix: string;
  nodeId: string;
  /** A key (stream, hash, lease) under the deployment's prefix. */
  key(name: string): string;
  /** A further connection, for a blocking read that must not hold up the commands. */
  duplicate(): Promise<RedisClient>;
  probe(): Promise<RedisStatus>;
  close(): Promise<void>;
}

/**
 * Connects to Redis. Commands issued while the connection is down wait in the client's queue and
 * go out once it is back (nothing is dropped on a blip); the first connection must succeed.
 */
export async function openSharedRedis(url: string, prefix: string, logger: Logger): Promise<SharedRedis> {
  const nodeId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const options = { url, socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(MAX_RECONNECT_DELAY_MS, 50 * 2 ** retries) } };
  const opened: RedisClient[] = [];
  const connect = async (): Promise<RedisClient> => {
    const client = createClient(options) as RedisClient;
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) logger.error({ err: error }, 'Redis connection lost; reconnecting (commands wait meanwhile)');
      down = true;
    });
    client.on('ready', () => {
      if (down) logger.info('Redis connection back');
      down = false;
    });
    await client.connect();
    opened.push(client);
    return client;
  };
  const client = await connect();
  return {
    client,
    prefix,
    nodeId,
    key: (name) => `${prefix}${name}`,
    duplicate: connect,
    probe: async () => {
      if (!client.isReady) return { ok: false, latencyMs: null, error: 'not connected' };
      const started = performance.now();
      try {
        await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())]);
        return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
      } catch (error) {
        return { ok: false, latencyMs: null, error: (error as Error).message };
      }
    },
    close: async () => {
      for (const c of opened) if (c.isOpen) await c.quit().catch(() => c.destroy());
    },
  };
}
