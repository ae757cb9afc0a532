import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastPushPayload } from '../../common/domain/push.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { Logger } from '../logger.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { PushMessage, PushOutcome, PushSender } from './pushSender.ts';
import type { PushStore, StoredPushSubscription } from './pushStore.ts';

/** How often the duty looks for broadcasts due a push round, ms. */
const TICK_MS = 250;
/** Messages to push services at once: each is a short HTTPS request; one that hangs holds only its slot. */
const MAX_IN_FLIGHT = 128;
/** Claims written per transaction: a transaction holds its lock while it runs. */
const CLAIMS_PER_TRANSACTION = 1000;
/** Characters of the body a message carries (a push message holds at most 4 KB; CJK is 3 bytes a character). */
const BODY_CHARS = 300;
/** What a push service keeps for a phone that is off, seconds: the confirmation window, within a minute and a day. */
const MIN_TTL_S = 60;
const MAX_TTL_S = 86_400;

/** A broadcast as this node follows it: what the duty needs of the registry's trackings. */
export interface FollowedBroadcast {
  broadcast: Broadcast;
  /** Per roster index: 1 if targeted. */
  targeted: Uint8Array;
}

export interface BroadcastPushOptions {
  store: PushStore;
  sender: PushSender;
  directory: WorkerDirectory;
  /** The broadcasts this node follows (every node follows every recent one). */
  followed: () => Iterable<FollowedBroadcast>;
  /** The broadcasts' clock (real time), epoch ms. */
  clock: () => number;
  /** A target still without a receipt this long after sending is pushed, ms. */
  afterMs: number;
  /** This node holds the `reach` duty (a lone node always does). */
  leads: () => boolean;
  logger: Logger;
}

/** The message a broadcast's push carries. */
export function pushMessageOf(broadcast: Broadcast): PushMessage {
  const payload: BroadcastPushPayload = {
    type: 'broadcast',
    id: broadcast.id,
    title: broadcast.content.title,
    body: broadcast.content.body.slice(0, BODY_CHARS),
    priority: broadcast.content.priority,
    exercise: broadcast.content.exercise,
  };
  return {
    payload: JSON.stringify(payload),
    ttlS: Math.min(MAX_TTL_S, Math.max(MIN_TTL_S, Math.round(broadcast.confirmWithinMs / 1000))),
    urgency: broadcast.content.priority === 'normal' ? 'normal' : 'high',
  };
}

/**
 * The push round, on the node holding the `reach` duty: `afterMs` after a broadcast is sent (or
 * approved), each target with a push subscription and still no delivered receipt — their app is
 * closed, the phone in a pocket — is sent a Web Push message carrying the broadcast's id and
 * title. The notification opens the app, which then sends its receipt as ever: a push service
 * taking a message is no delivery. Each worker's attempt is claimed in the store before it is
 * made, so a restart or a second node never pushes twice; a subscription the push service no
 * longer knows (404, 410) is removed.
 */
export class BroadcastPush {
  private readonly task: RepeatingTask;
  /** Broadcasts whose round this node has made. */
  private readonly done = new Set<string>();

  constructor(private readonly options: BroadcastPushOptions) {
    this.task = new RepeatingTask(
      () => this.round(),
      (error) => options.logger.error({ err: error }, 'push round failed; trying again'),
    );
  }

  start(): void {
    this.task.start(TICK_MS);
  }

  stop(): void {
    this.task.stop();
  }

  /** One look at the broadcasts followed: every one due its push round gets it. */
  async round(): Promise<void> {
    const { followed, clock, afterMs, leads } = this.options;
    if (!leads()) return;
    const nowMs = clock();
    const seen = new Set<string>();
    for (const { broadcast, targeted } of followed()) {
      seen.add(broadcast.id);
      if (this.done.has(broadcast.id)) continue;
      if (broadcast.state !== 'active' || nowMs >= broadcast.sentAtMs + broadcast.confirmWithinMs) {
        this.done.add(broadcast.id);
        continue;
      }
      if (nowMs < broadcast.sentAtMs + afterMs) continue;
      await this.push(broadcast, targeted);
      this.done.add(broadcast.id);
    }
    // Broadcasts no longer followed are forgotten here too.
    for (const id of this.done) if (!seen.has(id)) this.done.delete(id);
  }

  private async push(broadcast: Broadcast, targeted: Uint8Array): Promise<void> {
    const { store, directory, clock, logger } = this.options;
    const byWorker = new Map<string, StoredPushSubscription[]>();
    for (const subscription of await store.unreached(broadcast.id, 'push')) {
      const index = directory.indexOf(subscription.worker);
      if (index < 0 || !targeted[index]) continue;
      byWorker.set(subscription.worker, [...(byWorker.get(subscription.worker) ?? []), subscription]);
    }
    if (byWorker.size === 0) return;
    const workers = [...byWorker.keys()];
    const mine: string[] = [];
    for (let i = 0; i < workers.length; i += CLAIMS_PER_TRANSACTION) mine.push(...(await store.claim(broadcast.id, workers.slice(i, i + CLAIMS_PER_TRANSACTION), 'push', clock())));
    const message = pushMessageOf(broadcast);
    let accepted = 0;
    await inParallel(mine, MAX_IN_FLIGHT, async (worker) => {
      const outcomes = await Promise.all(byWorker.get(worker)!.map(async (subscription) => [subscription, await this.options.sender.send(subscription, message)] as const));
      for (const [subscription, outcome] of outcomes) if (outcome.kind === 'gone') await store.remove(subscription.endpoint);
      const taken = outcomes.some(([, outcome]) => outcome.kind === 'accepted');
      if (taken) accepted++;
      await store.settle(broadcast.id, worker, 'push', taken ? 'made' : 'failed', taken ? null : describe(outcomes.map(([, o]) => o)), clock());
    });
    logger.info({ broadcastId: broadcast.id, workers: mine.length, accepted }, 'broadcast pushed to phones without a receipt');
  }
}

const describe = (outcomes: readonly PushOutcome[]) =>
  outcomes
    .map((o) => (o.kind === 'gone' ? `subscription gone (HTTP ${o.status})` : o.kind === 'failed' ? o.detail : 'accepted'))
    .join('; ')
    .slice(0, 300);

/** Runs `work` over `items` with at most `limit` at once. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
