import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { Logger } from '../logger.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import { planBroadcastDeliveries, planDeliveries } from './webhookPlan.ts';
import { signatureHeader } from './webhookSignature.ts';
import type { DueDelivery, WebhookRecord, WebhookStore } from './webhookStore.ts';
import { targetProblem } from '../net/outboundTargets.ts';

/** How often the dispatcher fans out and sends, ms: a change is first tried well within 2 s of its commit. */
const TICK_MS = 250;
/** Broadcasts whose news is told: those sent within this long (a confirmation window is at most a day), ms. */
const BROADCAST_NEWS_WINDOW_MS = 2 * 86_400_000;
/** Changes fanned out per transaction. */
const FANOUT_PAGE = 500;
/** How long one attempt may take, ms: a receiver that hangs holds only its own slots this long. */
export const ATTEMPT_TIMEOUT_MS = 5000;
/** Attempts at once, in all; and per subscription, so a dead receiver slows nothing else. */
const MAX_IN_FLIGHT = 32;
const PER_WEBHOOK_IN_FLIGHT = 4;
/** A delivery is retried for this long from when it was made, then failed (visible, re-sendable), ms. */
export const RETRY_FOR_MS = 24 * 3_600_000;
/** Backoff: doubles from this after each failed attempt, up to the cap, with ±50 % jitter, ms. */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 15 * 60_000;
/** What is kept of a receiver's error, characters. */
const ERROR_MAX_CHARS = 300;

/** The wait before attempt n + 1 after n failed, ms. */
export function backoffMs(failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (0.5 + random()));
}

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  allowedHosts: ReadonlySet<string>;
  /** Real time, epoch ms. */
  clock: () => number;
  /** Whether a broadcast's scope and a unit share a worker: broadcast news goes to subscriptions of areas it reaches. */
  reaches: (area: string, scope: Broadcast['scope']) => boolean;
  /** This node holds the webhooks duty (a lone node always does). */
  leads: () => boolean;
  logger: Logger;
}

/**
 * Sends webhooks, on the node holding the duty: fans the change feed out into deliveries (an
 * outbox, written with the fan-out's cursor in one transaction), then sends what is due — each
 * delivery claimed first, so one node sends it at a time; the next of an event only once the one
 * before is done; at most MAX_IN_FLIGHT at once and PER_WEBHOOK_IN_FLIGHT per subscription; each
 * POST signed, with its delivery id as the receiver's idempotency key. A 2xx delivers; anything
 * else (or no answer within ATTEMPT_TIMEOUT_MS) is retried with backoff for RETRY_FOR_MS.
 */
export class WebhookDispatcher {
  private readonly task: RepeatingTask;
  private readonly inFlight = new Map<string, number>();
  private total = 0;
  private readonly attempts = new Set<Promise<void>>();
  /** The live subscriptions as of the last round. */
  private hooks = new Map<string, WebhookRecord>();
  /** Subscriptions whose due deliveries are being started now (one pump each at a time). */
  private readonly pumping = new Set<string>();
  private stopped = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.task = new RepeatingTask(
      () => this.tick(),
      (error) => options.logger.error({ err: error }, 'webhooks: a round failed; trying again'),
    );
  }

  start(): void {
    this.task.start(TICK_MS);
  }

  /** Stops starting attempts and waits for those under way (each ends within ATTEMPT_TIMEOUT_MS). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.task.stop();
    await Promise.allSettled([...this.attempts]);
  }

  /**
   * One round: fan out what the feed holds, then start what is due for each subscription. With no
   * subscription there is nothing to do — no transaction beside intake's — and nothing is lost: a
   * subscription hears only of what comes after it was made.
   */
  async tick(): Promise<void> {
    if (!this.options.leads()) return;
    const { store, clock } = this.options;
    const webhooks = await store.active();
    this.hooks = new Map(webhooks.map((hook) => [hook.id, hook]));
    if (webhooks.length === 0) return;
    while ((await store.fanOut(FANOUT_PAGE, planDeliveries, clock())) === FANOUT_PAGE);
    await store.fanOutBroadcasts(clock() - BROADCAST_NEWS_WINDOW_MS, clock(), (news) => planBroadcastDeliveries(news, webhooks, this.options.reaches));
    await Promise.all(webhooks.map((hook) => this.pump(hook)));
  }

  /**
   * Starts a subscription's due deliveries while it has room, and again whenever one of its
   * attempts ends: a receiver that answers quickly is kept busy between rounds, not fed once a round.
   */
  private async pump(hook: WebhookRecord): Promise<void> {
    if (this.pumping.has(hook.id) || !this.options.leads()) return;
    this.pumping.add(hook.id);
    try {
      const { store, clock } = this.options;
      for (;;) {
        const room = Math.min(PER_WEBHOOK_IN_FLIGHT - (this.inFlight.get(hook.id) ?? 0), MAX_IN_FLIGHT - this.total);
        if (room <= 0) return;
        const due = await store.due(hook.id, clock(), room);
        let started = 0;
        for (const delivery of due) {
          const now = clock();
          if (!(await store.claim(delivery.id, now, now + ATTEMPT_TIMEOUT_MS + 5000))) continue;
          this.track(hook, delivery);
          started++;
        }
        if (started === 0) return;
      }
    } finally {
      this.pumping.delete(hook.id);
    }
  }

  private track(hook: WebhookRecord, delivery: DueDelivery): void {
    this.total++;
    this.inFlight.set(hook.id, (this.inFlight.get(hook.id) ?? 0) + 1);
    const attempt = this.attempt(hook, delivery)
      .catch((error) => this.options.logger.error({ err: error, delivery: delivery.id }, 'webhooks: recording an attempt failed'))
      .finally(() => {
        this.total--;
        this.inFlight.set(hook.id, (this.inFlight.get(hook.id) ?? 1) - 1);
        this.attempts.delete(attempt);
        // The next of this subscription's deliveries (and of its event) may go now; a deleted subscription's may not.
        const current = this.hooks.get(hook.id);
        if (current && !this.stopped) void this.pump(current).catch((error) => this.options.logger.error({ err: error }, 'webhooks: starting the next delivery failed'));
      });
    this.attempts.add(attempt);
  }

  private async attempt(hook: WebhookRecord, delivery: DueDelivery): Promise<void> {
    const { store, clock, allowedHosts } = this.options;
    const attempts = delivery.attempts + 1;
    const problem = targetProblem(hook.url, allowedHosts, 'WEBHOOK_ALLOWED_HOSTS');
    if (problem) return store.attemptFailed(delivery.id, attempts, null, `not sent: ${problem}`, null, clock());
    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'CityBrain-Webhooks',
          'x-citybrain-delivery': delivery.id,
          'x-citybrain-signature': signatureHeader(hook.secret, delivery.body, Math.floor(clock() / 1000)),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = res.status;
      const text = await res.text().catch(() => '');
      if (status >= 200 && status < 300) return store.delivered(delivery.id, status, attempts, clock());
      error = `answered ${status}${text ? `: ${text.slice(0, ERROR_MAX_CHARS)}` : ''}`;
    } catch (failure) {
      const cause = (failure as { cause?: { code?: string } }).cause?.code;
      error = (failure as Error).name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS} ms` : `${(failure as Error).message}${cause ? ` (${cause})` : ''}`.slice(0, ERROR_MAX_CHARS);
    }
    const now = clock();
    const next = now - delivery.createdAtMs >= RETRY_FOR_MS ? null : now + backoffMs(attempts);
    await store.attemptFailed(delivery.id, attempts, status, error, next, now);
  }
}
