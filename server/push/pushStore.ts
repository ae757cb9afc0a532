import type { SqlRunner } from '../store/sqlRunner.ts';
import { step } from '../store/sqlRunner.ts';

/** A phone's push subscription, as the worker's browser gave it. */
export interface StoredPushSubscription {
  endpoint: string;
  worker: string;
  p256dh: string;
  auth: string;
  createdAtMs: number;
}

/** A channel other than the socket by which a broadcast is taken to a worker. */
export type ReachChannel = 'push' | 'sms';
/** An attempt's course: claimed (written before it is made), made (the push service or gateway took it), or failed (the reason in `detail`). */
export type ReachState = 'claimed' | 'made' | 'failed';

/** Phones a worker may have subscribed at once: a new one beyond this replaces the oldest. */
export const SUBSCRIPTIONS_PER_WORKER = 5;

type SubscriptionRow = { endpoint: string; worker: string; p256dh: string; auth: string; created_at: number };
const subscriptionOf = (r: SubscriptionRow): StoredPushSubscription => ({ endpoint: r.endpoint, worker: r.worker, p256dh: r.p256dh, auth: r.auth, createdAtMs: Number(r.created_at) });

/**
 * Web Push's records, on either store (SQL written once): the deployment's keys, the workers'
 * subscriptions, and attempts by channel — each claimed by inserting its row, so whichever node
 * inserts it makes the attempt and no other ever does.
 */
export class PushStore {
  constructor(private readonly sql: SqlRunner) {}

  /** A deployment key by name, made by `make` the first time any node asks: every node reads the first one written. */
  async deploymentKey(name: string, make: () => string, nowMs: number): Promise<string> {
    await this.sql.run('INSERT INTO deployment_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [name, make(), nowMs]);
    const row = await this.sql.get<{ value: string }>('SELECT value FROM deployment_keys WHERE name = ?', [name]);
    if (!row) throw new Error(`deployment key ${name} was written and is not there`);
    return row.value;
  }

  /**
   * Keeps a phone's subscription for a worker (the same endpoint again moves to whoever signed in
   * on that phone last), dropping the worker's oldest beyond SUBSCRIPTIONS_PER_WORKER.
   */
  subscribe(subscription: StoredPushSubscription): Promise<void> {
    return this.sql.transaction(function* () {
      yield* step.run('DELETE FROM push_subscriptions WHERE endpoint = ?', [subscription.endpoint]);
      yield* step.run('INSERT INTO push_subscriptions (endpoint, worker, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)', [
        subscription.endpoint,
        subscription.worker,
        subscription.p256dh,
        subscription.auth,
        subscription.createdAtMs,
      ]);
      const kept = yield* step.all<{ endpoint: string }>('SELECT endpoint FROM push_subscriptions WHERE worker = ? ORDER BY created_at DESC, endpoint', [subscription.worker]);
      for (const old of kept.slice(SUBSCRIPTIONS_PER_WORKER)) yield* step.run('DELETE FROM push_subscriptions WHERE endpoint = ?', [old.endpoint]);
    });
  }

  async remove(endpoint: string): Promise<void> {
    await this.sql.run('DELETE FROM push_subscriptions WHERE endpoint = ?', [endpoint]);
  }

  async ofWorker(worker: string): Promise<StoredPushSubscription[]> {
    return (await this.sql.all<SubscriptionRow>('SELECT endpoint, worker, p256dh, auth, created_at FROM push_subscriptions WHERE worker = ? ORDER BY created_at, endpoint', [worker])).map(
      subscriptionOf,
    );
  }

  /**
   * The subscriptions of workers who have no delivered receipt for a broadcast and no attempt by
   * `channel` for it yet: those a round by that channel is for (the caller keeps its targets).
   */
  async unreached(broadcastId: string, channel: ReachChannel): Promise<StoredPushSubscription[]> {
    return (
      await this.sql.all<SubscriptionRow>(
        `SELECT s.endpoint, s.worker, s.p256dh, s.auth, s.created_at FROM push_subscriptions s
         WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = ? AND d.worker = s.worker AND d.delivered_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM reach_attempts a WHERE a.broadcast_id = ? AND a.worker = s.worker AND a.channel = ?)
         ORDER BY s.worker, s.created_at`,
        [broadcastId, broadcastId, channel],
      )
    ).map(subscriptionOf);
  }

  /** Claims attempts: resolves to the workers whose row this call inserted — this node makes those, no other. */
  claim(broadcastId: string, workers: readonly string[], channel: ReachChannel, nowMs: number): Promise<string[]> {
    return this.sql.transaction(function* () {
      const won: string[] = [];
      for (const worker of workers)
        if (
          (yield* step.run('INSERT INTO reach_attempts (broadcast_id, worker, channel, state, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (broadcast_id, worker, channel) DO NOTHING', [
            broadcastId,
            worker,
            channel,
            'claimed',
            nowMs,
          ])) > 0
        )
          won.push(worker);
      return won;
    });
  }

  async settle(broadcastId: string, worker: string, channel: ReachChannel, state: Exclude<ReachState, 'claimed'>, detail: string | null, nowMs: number): Promise<void> {
    await this.sql.run('UPDATE reach_attempts SET state = ?, detail = ?, at = ?, tries = tries + 1 WHERE broadcast_id = ? AND worker = ? AND channel = ?', [
      state,
      detail,
      nowMs,
      broadcastId,
      worker,
      channel,
    ]);
  }
}
