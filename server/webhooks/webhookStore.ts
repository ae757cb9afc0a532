import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { DeliveryState, Webhook, WebhookDelivery, WebhookTopic } from '../../common/domain/webhooks.ts';
import type { BroadcastNews } from './webhookPlan.ts';
import { jsonColumn } from '../store/rowMappers.ts';
import { type SqlRunner, step } from '../store/sqlRunner.ts';

/** A subscription as the dispatcher needs it: its owner, secret and where the feed began for it. */
export interface WebhookRecord extends Webhook {
  owner: string;
  secret: string;
  fromSeq: number;
}

/** A delivery to make: its body is fixed at fan-out, so every attempt sends the same bytes. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  topic: WebhookTopic;
  eventId: string;
  body: string;
  attempts: number;
  createdAtMs: number;
}

/** One change of the feed as the fan-out reads it. */
export interface FeedRow {
  seq: number;
  event_id: string;
  type: string;
  at_ms: number;
  body: unknown;
}

/** A delivery the fan-out writes. */
export interface NewDelivery {
  id: string;
  webhookId: string;
  seq: number;
  topic: WebhookTopic;
  eventId: string;
  body: string;
}

type WebhookRow = { id: string; owner: string; url: string; topics: string; area: string | null; secret: string; from_seq: number; created_at: number };
type DeliveryRow = {
  id: string;
  webhook_id: string;
  topic: string;
  event_id: string;
  body: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
};

const webhookOf = (r: WebhookRow): WebhookRecord => ({
  id: r.id,
  owner: r.owner,
  url: r.url,
  events: jsonColumn<WebhookTopic[]>(r.topics),
  area: r.area,
  secret: r.secret,
  fromSeq: Number(r.from_seq),
  createdAtMs: Number(r.created_at),
});

const deliveryOf = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  topic: r.topic as WebhookTopic,
  eventId: r.event_id,
  state: r.state as DeliveryState,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAtMs: Number(r.created_at),
  nextAttemptAtMs: r.state === 'pending' ? Number(r.next_attempt_at) : null,
  doneAtMs: r.done_at === null ? null : Number(r.done_at),
});

const WEBHOOK_COLUMNS = 'id, owner, url, topics, area, secret, from_seq, created_at';
const ACTIVE_WEBHOOKS = `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id`;
const DELIVERY_COLUMNS = 'id, webhook_id, topic, event_id, body, state, attempts, next_attempt_at, last_status, last_error, created_at, done_at';

/**
 * Webhooks and their deliveries, on either store (SQL written once). Deliveries are an outbox fed
 * from the change feed: `fanOut` writes a batch of them and moves the fan-out's cursor in one
 * transaction, so each change is fanned out once whatever dies when. A delivery is claimed
 * before it is sent (`claim`), so one node sends it at a time.
 */
export class WebhookStore {
  constructor(private readonly sql: SqlRunner) {}

  async add(record: WebhookRecord): Promise<void> {
    await this.sql.run('INSERT INTO webhooks (id, owner, url, topics, area, secret, from_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      record.id,
      record.owner,
      record.url,
      JSON.stringify(record.events),
      record.area,
      record.secret,
      record.fromSeq,
      record.createdAtMs,
    ]);
  }

  async ofOwner(owner: string): Promise<WebhookRecord[]> {
    return (await this.sql.all<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE owner = ? AND deleted_at IS NULL ORDER BY created_at, id`, [owner])).map(webhookOf);
  }

  async active(): Promise<WebhookRecord[]> {
    return (await this.sql.all<WebhookRow>(ACTIVE_WEBHOOKS)).map(webhookOf);
  }

  async get(id: string): Promise<WebhookRecord | null> {
    const row = await this.sql.get<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = ? AND deleted_at IS NULL`, [id]);
    return row ? webhookOf(row) : null;
  }

  /** Ends a subscription: its deliveries still waiting are failed as cancelled, in the same transaction. */
  async remove(id: string, nowMs: number): Promise<boolean> {
    return this.sql.transaction(function* () {
      const removed = yield* step.run('UPDATE webhooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [nowMs, id]);
      if (removed) yield* step.run("UPDATE webhook_deliveries SET state = 'failed', last_error = 'the subscription was deleted', done_at = ? WHERE webhook_id = ? AND state = 'pending'", [nowMs, id]);
      return removed > 0;
    });
  }

  /** The newest change cursor: a new subscription hears of what comes after it. */
  async newestChange(): Promise<number> {
    return Number((await this.sql.get<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_changes'))?.seq ?? 0);
  }

  /**
   * One step of the fan-out, in one transaction: the live subscriptions and the changes after the
   * fan-out's cursor (at most `limit`), read together, turned into deliveries by `plan`, written,
   * and the cursor moved past them. Changes before every subscription began are skipped unread (the
   * cursor stands still while there is none). Returns how many changes it read.
   */
  async fanOut(limit: number, plan: (changes: FeedRow[], webhooks: WebhookRecord[]) => NewDelivery[], nowMs: number): Promise<number> {
    return this.sql.transaction(function* () {
      const webhooks = (yield* step.all<WebhookRow>(ACTIVE_WEBHOOKS)).map(webhookOf);
      if (webhooks.length === 0) return 0;
      const stored = Number((yield* step.get<{ seq: number }>('SELECT seq FROM webhook_fanout WHERE id = 1'))!.seq);
      const cursor = Math.max(stored, Math.min(...webhooks.map((hook) => hook.fromSeq)));
      const changes = yield* step.all<FeedRow>('SELECT seq, event_id, type, at_ms, body FROM event_changes WHERE seq > ? ORDER BY seq LIMIT ?', [cursor, limit]);
      if (changes.length === 0) return 0;
      for (const d of plan(changes, webhooks))
        yield* step.run(
          "INSERT INTO webhook_deliveries (id, webhook_id, seq, topic, event_id, body, state, attempts, next_attempt_at, claimed_until, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)",
          [d.id, d.webhookId, d.seq, d.topic, d.eventId, d.body, nowMs, nowMs],
        );
      yield* step.run('UPDATE webhook_fanout SET seq = ? WHERE id = 1', [Number(changes.at(-1)!.seq)]);
      return changes.length;
    });
  }

  /**
   * The broadcasts' news fanned out, in one transaction with the record of what was told: each
   * broadcast sent since `sinceMs` once as sent, and once as completed when its confirmation
   * window is over (with its stored figures). Returns how many pieces of news it told.
   */
  async fanOutBroadcasts(sinceMs: number, nowMs: number, plan: (news: BroadcastNews[]) => NewDelivery[]): Promise<number> {
    return this.sql.transaction(function* () {
      const untold = (topic: string) =>
        step.all<{ id: string; body: unknown }>(
          'SELECT b.id, b.body FROM broadcasts b WHERE b.sent_at >= ? AND NOT EXISTS (SELECT 1 FROM webhook_broadcasts_told t WHERE t.broadcast_id = b.id AND t.topic = ?) ORDER BY b.sent_at LIMIT 100',
          [sinceMs, topic],
        );
      const news: BroadcastNews[] = (yield* untold('broadcast.sent')).map((r) => {
        const broadcast = jsonColumn<Broadcast>(r.body);
        return { topic: 'broadcast.sent' as const, broadcast, atMs: broadcast.sentAtMs };
      });
      for (const r of yield* untold('broadcast.completed')) {
        const broadcast = jsonColumn<Broadcast>(r.body);
        const endsAtMs = broadcast.sentAtMs + broadcast.confirmWithinMs;
        if (endsAtMs > nowMs) continue;
        const counted = (yield* step.get<{ delivered: number; confirmed: number }>('SELECT COUNT(delivered_at) AS delivered, COUNT(confirmed_at) AS confirmed FROM deliveries WHERE broadcast_id = ?', [
          broadcast.id,
        ]))!;
        news.push({ topic: 'broadcast.completed', broadcast, atMs: endsAtMs, progress: { targeted: broadcast.targeted, delivered: Number(counted.delivered), confirmed: Number(counted.confirmed) } });
      }
      if (news.length === 0) return 0;
      for (const d of plan(news))
        yield* step.run(
          "INSERT INTO webhook_deliveries (id, webhook_id, seq, topic, event_id, body, state, attempts, next_attempt_at, claimed_until, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)",
          [d.id, d.webhookId, d.seq, d.topic, d.eventId, d.body, nowMs, nowMs],
        );
      for (const n of news) yield* step.run('INSERT INTO webhook_broadcasts_told (broadcast_id, topic) VALUES (?, ?)', [n.broadcast.id, n.topic]);
      return news.length;
    });
  }

  /**
   * A subscription's deliveries due now that are next for their event (none earlier still pending:
   * in order per event), oldest first, unclaimed. Asked per subscription, so one receiver's
   * backlog never hides another's deliveries.
   */
  async due(webhookId: string, nowMs: number, limit: number): Promise<DueDelivery[]> {
    const rows = await this.sql.all<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
       WHERE d.webhook_id = ? AND d.state = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until < ?
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.event_id = d.event_id AND e.state = 'pending' AND e.seq < d.seq)
       ORDER BY d.seq LIMIT ?`,
      [webhookId, nowMs, nowMs, limit],
    );
    return rows.map((r) => ({ id: r.id, webhookId: r.webhook_id, topic: r.topic as WebhookTopic, eventId: r.event_id, body: r.body, attempts: r.attempts, createdAtMs: Number(r.created_at) }));
  }

  /** Takes a delivery for one attempt until `untilMs`; false when another node holds it or it is no longer pending. */
  async claim(id: string, nowMs: number, untilMs: number): Promise<boolean> {
    return (await this.sql.run("UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ? AND state = 'pending' AND claimed_until < ?", [untilMs, id, nowMs])) === 1;
  }

  async delivered(id: string, status: number, attempts: number, nowMs: number): Promise<void> {
    await this.sql.run("UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, done_at = ?, claimed_until = 0 WHERE id = ? AND state = 'pending'", [
      attempts,
      status,
      nowMs,
      id,
    ]);
  }

  /** An attempt that failed: tried again at `nextAttemptAtMs`, or failed for good when that is null. */
  async attemptFailed(id: string, attempts: number, status: number | null, error: string, nextAttemptAtMs: number | null, nowMs: number): Promise<void> {
    if (nextAttemptAtMs === null)
      await this.sql.run("UPDATE webhook_deliveries SET state = 'failed', attempts = ?, last_status = ?, last_error = ?, done_at = ?, claimed_until = 0 WHERE id = ? AND state = 'pending'", [
        attempts,
        status,
        error,
        nowMs,
        id,
      ]);
    else
      await this.sql.run("UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, claimed_until = 0 WHERE id = ? AND state = 'pending'", [
        attempts,
        status,
        error,
        nextAttemptAtMs,
        id,
      ]);
  }

  /** A failed delivery sent again: pending from now, with a fresh 24 h of retries. */
  async resend(webhookId: string, id: string, nowMs: number): Promise<boolean> {
    return (
      (await this.sql.run(
        "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, created_at = ?, done_at = NULL, claimed_until = 0 WHERE id = ? AND webhook_id = ? AND state = 'failed'",
        [nowMs, nowMs, id, webhookId],
      )) === 1
    );
  }

  async deliveries(webhookId: string, state: DeliveryState | undefined, limit: number): Promise<WebhookDelivery[]> {
    const rows =
      state === undefined
        ? await this.sql.all<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?`, [webhookId, limit])
        : await this.sql.all<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ? AND state = ? ORDER BY seq DESC LIMIT ?`, [webhookId, state, limit]);
    return rows.map(deliveryOf);
  }
}
