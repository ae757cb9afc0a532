import { randomBytes } from 'node:crypto';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { Logger } from '../logger.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { LadderWaits } from './ladderWaits.ts';
import type { SmsGateway } from './smsGateway.ts';
import type { DueSms, SmsClaim, SmsStore } from './smsStore.ts';

/** How often the ladder looks for broadcasts due their SMS and sends what is due, ms: each SMS goes within 2 s of its wait. */
const TICK_MS = 100;
/** An SMS tried this many times in all, then failed for good (shown with the gateway's last answer). */
const MAX_TRIES = 5;
/** The wait before another try: doubling from this, up to the cap, ms. */
const RETRY_BASE_MS = 5000;
const RETRY_MAX_MS = 5 * 60_000;
/** An SMS left `sending` longer than this was being sent by a node that stopped, ms (a send times out in 10 s). */
const STALE_SENDING_MS = 60_000;
/** How often the rows left sending are looked for, ms. */
const STALE_CHECK_MS = 10_000;
/** Claims written per transaction: a city-wide broadcast's unreached are many, and a transaction holds its lock while it runs. */
const CLAIMS_PER_TRANSACTION = 1000;
/** Characters of the body an SMS carries before its link. */
const BODY_CHARS = 60;

/** A broadcast as this node follows it: what the ladder needs of the registry's trackings. */
export interface LadderBroadcast {
  broadcast: Broadcast;
  targets: Int32Array;
}

export interface SmsLadderOptions {
  store: SmsStore;
  gateway: SmsGateway;
  directory: WorkerDirectory;
  followed: () => Iterable<LadderBroadcast>;
  waits: LadderWaits;
  /** Messages a second the gateway takes. */
  ratePerS: number;
  /** Where the link points: the server's public origin, or '' for a path. */
  linkOrigin: string;
  /** Real time, epoch ms (the broadcasts' clock). */
  clock: () => number;
  /** This node holds the `reach` duty. */
  leads: () => boolean;
  logger: Logger;
}

/** A one-time code for a link: 16 characters of letters, digits, `-` and `_` (96 bits). */
export const linkCode = (): string => randomBytes(12).toString('base64url');

/** The SMS's text: what the broadcast says, shortened, and the link that shows it whole and confirms it. */
export function smsText(broadcast: Broadcast, link: string): string {
  const { title, body, exercise } = broadcast.content;
  const short = body.length > BODY_CHARS ? `${body.slice(0, BODY_CHARS)}…` : body;
  return `【智慧大脑${exercise ? '·演练' : ''}】${title}：${short} 查看并确认：${link}`;
}

/**
 * The SMS ladder, on the node holding the `reach` duty: once a broadcast has waited its priority's
 * wait (from sending, or approval), every target with no delivered receipt — not by the app, not
 * by an earlier link — is claimed an SMS in the store (with their roster number and a one-time
 * link code; a worker without a number is recorded as such), and the claimed ones are sent at the
 * gateway's rate: each taken by one conditional update first, so a second node or a restart
 * never sends one twice; a failure is retried with backoff, then shown failed.
 */
export class SmsLadder {
  private readonly task: RepeatingTask;
  /** Broadcasts whose SMS this node has claimed. */
  private readonly claimed = new Set<string>();
  /** Sends allowed now (a token bucket filled at `ratePerS`, holding at most a tick's worth: the gateway sees an even rate, no bursts). */
  private tokens = 0;
  private lastFillMs: number | null = null;
  private pausedUntilMs = 0;
  private nextStaleCheckMs = 0;
  /** The tick under way, awaited by `stop` so no SMS is left half-recorded. */
  private current: Promise<void> | null = null;

  constructor(private readonly options: SmsLadderOptions) {
    this.task = new RepeatingTask(
      () => (this.current = this.tick().finally(() => (this.current = null))),
      (error) => options.logger.error({ err: error }, 'SMS ladder failed; trying again'),
    );
  }

  start(): void {
    this.task.start(TICK_MS);
  }

  /** Stops the clock; resolves once the SMS being sent are recorded as sent or not. */
  async stop(): Promise<void> {
    this.task.stop();
    await this.current?.catch(() => undefined);
  }

  /** One tick: claim what has come due, then send what the rate allows. */
  async tick(): Promise<void> {
    if (!this.options.leads()) {
      this.lastFillMs = null;
      return;
    }
    const nowMs = this.options.clock();
    await this.claimDue(nowMs);
    await this.send(nowMs);
  }

  private async claimDue(nowMs: number): Promise<void> {
    const { followed, waits, store, directory, logger } = this.options;
    const seen = new Set<string>();
    for (const { broadcast, targets } of followed()) {
      seen.add(broadcast.id);
      if (this.claimed.has(broadcast.id) || broadcast.state !== 'active' || nowMs < broadcast.sentAtMs + waits[broadcast.content.priority]) continue;
      const reached = await store.reachedOrClaimed(broadcast.id);
      const claims: SmsClaim[] = [];
      for (const index of targets) {
        const worker = directory.idOf(index);
        if (reached.has(worker)) continue;
        const address = directory.roster.phone(index);
        claims.push(address ? { worker, address, code: linkCode() } : { worker, address: null, problem: 'no mobile number on the roster' });
      }
      let count = 0;
      for (let i = 0; i < claims.length; i += CLAIMS_PER_TRANSACTION) count += await store.claim(broadcast.id, claims.slice(i, i + CLAIMS_PER_TRANSACTION), nowMs);
      this.claimed.add(broadcast.id);
      if (count > 0) logger.info({ broadcastId: broadcast.id, unreached: claims.length }, 'SMS ladder: unreached targets claimed an SMS');
    }
    for (const id of this.claimed) if (!seen.has(id)) this.claimed.delete(id);
  }

  private async send(nowMs: number): Promise<void> {
    const { ratePerS, store } = this.options;
    this.tokens = Math.min(Math.max(1, (ratePerS * TICK_MS) / 1000), this.tokens + ((nowMs - (this.lastFillMs ?? nowMs)) / 1000) * ratePerS);
    this.lastFillMs = nowMs;
    if (nowMs < this.pausedUntilMs) return;
    // Rows a stopped node left sending are looked for now and then, not at every tick.
    if (nowMs >= this.nextStaleCheckMs) {
      this.nextStaleCheckMs = nowMs + STALE_CHECK_MS;
      await store.abandonStale(nowMs - STALE_SENDING_MS, nowMs);
    }
    const allowed = Math.floor(this.tokens);
    if (allowed < 1) return;
    const due = await store.due(nowMs, allowed);
    if (due.length === 0) return;
    const followed = new Map([...this.options.followed()].map((f) => [f.broadcast.id, f.broadcast]));
    await Promise.all(due.map((sms) => this.sendOne(sms, followed.get(sms.broadcastId))));
  }

  private async sendOne(sms: DueSms, broadcast: Broadcast | undefined): Promise<void> {
    const { store, gateway, clock, linkOrigin, logger } = this.options;
    if (!(await store.take(sms, clock()))) return;
    this.tokens--;
    if (!broadcast) return store.settle(sms, { sent: false, detail: 'the broadcast is no longer followed', retryAtMs: null }, clock());
    const outcome = await gateway.send({ to: sms.address, text: smsText(broadcast, `${linkOrigin}/c/${sms.code}`) });
    if (outcome.kind === 'sent') return store.settle(sms, { sent: true }, clock());
    if (outcome.retryAfterMs) this.pausedUntilMs = clock() + outcome.retryAfterMs;
    const tries = sms.tries + 1;
    const retryAtMs = tries >= MAX_TRIES ? null : clock() + Math.max(outcome.retryAfterMs ?? 0, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (tries - 1)));
    logger.warn({ broadcastId: sms.broadcastId, worker: sms.worker, tries, detail: outcome.detail, retryAtMs }, 'SMS not taken by the gateway');
    await store.settle(sms, { sent: false, detail: outcome.detail, retryAtMs }, clock());
  }
}
