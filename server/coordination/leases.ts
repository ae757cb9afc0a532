import type { createClient } from 'redis';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** Holder check and renewal in one step: only the node holding a lease extends it. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Holder check and release in one step: a node never deletes another's lease. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  /** How long a lease lives without renewal, ms: a dead holder's duty moves on within it. */
  ttlMs: number;
  /** How often a holder renews and a standby tries to take over, ms (well under ttlMs). */
  checkEveryMs: number;
}

/** A 10 s lease checked every 3 s: a duty moves to another node at most ≈ 13 s after its holder dies. */
export const DEFAULT_LEASE_OPTIONS: LeaseOptions = { ttlMs: 10_000, checkEveryMs: 3_000 };

/** What a lease keeper is built from. */
export interface LeaseKeeperOptions {
  redis: RedisClient;
  /** The deployment's key prefix: every lease key lives under it. */
  prefix: string;
  nodeId: string;
  /** The leases' timing; DEFAULT_LEASE_OPTIONS when not given. */
  timing?: LeaseOptions;
  onError?: (error: unknown) => void;
}

export interface HeldLease {
  name: string;
  /** Raised at every change of holder: work done under the lease can carry it to be idempotent across holders. */
  epoch: number;
}

/**
 * Duties that must run once in a cluster (SLA sweeps, resend rounds, the wall feed's
 * aggregation) run under a lease in Redis: `SET NX PX` to take one, a checked `PEXPIRE` to keep
 * it, a checked `DEL` to give it up. Every node keeps trying for the leases it wants; the holder
 * renews, and a holder that dies (or loses Redis) loses its lease when it lapses, and another
 * node takes it over. Keys live under the deployment's prefix, so several deployments and test
 * runs can share one Redis.
 */
export class LeaseKeeper {
  private readonly held = new Map<string, HeldLease>();
  private readonly wanted = new Set<string>();
  private readonly listeners: ((change: { name: string; held: boolean; epoch: number }) => void)[] = [];
  private readonly checking: RepeatingTask;
  private readonly redis: RedisClient;
  private readonly prefix: string;
  readonly nodeId: string;
  private readonly timing: LeaseOptions;
  private readonly onError: (error: unknown) => void;

  constructor({ redis, prefix, nodeId, timing = DEFAULT_LEASE_OPTIONS, onError = () => {} }: LeaseKeeperOptions) {
    this.redis = redis;
    this.prefix = prefix;
    this.nodeId = nodeId;
    this.timing = timing;
    this.onError = onError;
    if (timing.checkEveryMs * 2 >= timing.ttlMs) throw new Error('leases: checkEveryMs must be under half of ttlMs, or a busy holder loses its lease');
    this.checking = new RepeatingTask(() => this.check(), onError);
  }

  private key(name: string): string {
    return `${this.prefix}lease:${name}`;
  }

  /** Told whenever this node takes or loses a lease. */
  onChange(listener: (change: { name: string; held: boolean; epoch: number }) => void): void {
    this.listeners.push(listener);
  }

  /** Whether this node holds the lease now (as of its last check). */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** The leases this node holds, for readiness and metrics. */
  heldLeases(): HeldLease[] {
    return [...this.held.values()];
  }

  /** Tries for these leases now and on every check until stopped. */
  async start(names: readonly string[]): Promise<void> {
    for (const name of names) this.wanted.add(name);
    await this.checking.runOnce();
    this.checking.start(this.timing.checkEveryMs);
  }

  /** One round: renew what is held, try for what is not. */
  async check(): Promise<void> {
    for (const name of this.wanted) {
      try {
        if (this.held.has(name)) await this.renew(name);
        else await this.tryTake(name);
      } catch (error) {
        // Redis unreachable: a lease we cannot renew may lapse under us — stop acting on it.
        this.lose(name);
        this.onError(error);
      }
    }
  }

  private async tryTake(name: string): Promise<void> {
    const taken = await this.redis.set(this.key(name), this.nodeId, { condition: 'NX', expiration: { type: 'PX', value: this.timing.ttlMs } });
    if (taken !== 'OK') return;
    const epoch = await this.redis.incr(`${this.key(name)}:epoch`);
    this.held.set(name, { name, epoch });
    for (const listener of this.listeners) listener({ name, held: true, epoch });
  }

  private async renew(name: string): Promise<void> {
    const renewed = await this.redis.eval(RENEW, { keys: [this.key(name)], arguments: [this.nodeId, String(this.timing.ttlMs)] });
    if (renewed !== 1) this.lose(name);
  }

  private lose(name: string): void {
    const lease = this.held.get(name);
    if (!lease) return;
    this.held.delete(name);
    for (const listener of this.listeners) listener({ name, held: false, epoch: lease.epoch });
  }

  /** Stops trying and gives up what is held, so another node takes over at once (a graceful stop). */
  async stop(): Promise<void> {
    this.checking.stop();
    this.wanted.clear();
    for (const name of [...this.held.keys()]) {
      try {
        await this.redis.eval(RELEASE, { keys: [this.key(name)], arguments: [this.nodeId] });
      } catch (error) {
        this.onError(error);
      }
      this.lose(name);
    }
  }
}
