import { type SqlRunner, step } from '../store/sqlRunner.ts';

/** An SMS of the ladder, as the sender needs it. */
export interface DueSms {
  broadcastId: string;
  worker: string;
  address: string;
  code: string;
  tries: number;
}

/** A link's record: whose, for which broadcast, and whether it was opened and confirmed. */
export interface SmsLink {
  broadcastId: string;
  worker: string;
  openedAtMs: number | null;
  confirmedAtMs: number | null;
}

/** A claim the ladder writes: a worker's number and link code, or why there can be no SMS (no number). */
export type SmsClaim = { worker: string; address: string; code: string } | { worker: string; address: null; problem: string };

type DueRow = { broadcast_id: string; worker: string; address: string; code: string; tries: number };
type LinkRow = { broadcast_id: string; worker: string; opened_at: number | null; confirmed_at: number | null };

/**
 * The SMS ladder's records, on either store (SQL written once), in `reach_attempts` with channel
 * `sms`: each SMS is claimed (inserted with its number and link code) before it is sent, taken
 * (`claimed` → `sending`) by one conditional update, so whichever node or restart comes second
 * finds it taken; then made, retried or failed.
 */
export class SmsStore {
  constructor(private readonly sql: SqlRunner) {}

  /** The workers of a broadcast with a delivered receipt, and those the ladder has already claimed an SMS for. */
  async reachedOrClaimed(broadcastId: string): Promise<Set<string>> {
    const rows = await this.sql.all<{ worker: string }>(
      `SELECT worker FROM deliveries WHERE broadcast_id = ? AND delivered_at IS NOT NULL
       UNION SELECT worker FROM reach_attempts WHERE broadcast_id = ? AND channel = 'sms'`,
      [broadcastId, broadcastId],
    );
    return new Set(rows.map((r) => r.worker));
  }

  /** Claims SMS (those already claimed are left as they are); a worker with no number is recorded failed at once. */
  claim(broadcastId: string, claims: readonly SmsClaim[], nowMs: number): Promise<number> {
    return this.sql.transaction(function* () {
      let claimed = 0;
      for (const c of claims)
        claimed +=
          c.address === null
            ? yield* step.run(
                "INSERT INTO reach_attempts (broadcast_id, worker, channel, state, at, detail) VALUES (?, ?, 'sms', 'failed', ?, ?) ON CONFLICT (broadcast_id, worker, channel) DO NOTHING",
                [broadcastId, c.worker, nowMs, c.problem],
              )
            : yield* step.run(
                "INSERT INTO reach_attempts (broadcast_id, worker, channel, state, at, next_at, address, code) VALUES (?, ?, 'sms', 'claimed', ?, ?, ?, ?) ON CONFLICT (broadcast_id, worker, channel) DO NOTHING",
                [broadcastId, c.worker, nowMs, nowMs, c.address, c.code],
              );
      return claimed;
    });
  }

  /** SMS due now, oldest first. */
  async due(nowMs: number, limit: number): Promise<DueSms[]> {
    const rows = await this.sql.all<DueRow>(
      "SELECT broadcast_id, worker, address, code, tries FROM reach_attempts WHERE channel = 'sms' AND state = 'claimed' AND next_at <= ? ORDER BY next_at, broadcast_id, worker LIMIT ?",
      [nowMs, limit],
    );
    return rows.map((r) => ({ broadcastId: r.broadcast_id, worker: r.worker, address: r.address, code: r.code, tries: r.tries }));
  }

  /** Takes an SMS for sending: true for the one caller that moved it from claimed to sending. */
  async take(sms: Pick<DueSms, 'broadcastId' | 'worker'>, nowMs: number): Promise<boolean> {
    return (
      (await this.sql.run("UPDATE reach_attempts SET state = 'sending', at = ?, tries = tries + 1 WHERE broadcast_id = ? AND worker = ? AND channel = 'sms' AND state = 'claimed'", [
        nowMs,
        sms.broadcastId,
        sms.worker,
      ])) === 1
    );
  }

  /** The gateway took it, or it failed: due again at `retryAtMs`, or for good (null). */
  async settle(sms: Pick<DueSms, 'broadcastId' | 'worker'>, outcome: { sent: true } | { sent: false; detail: string; retryAtMs: number | null }, nowMs: number): Promise<void> {
    const [state, detail, nextAt] = outcome.sent ? ['made', null, null] : [outcome.retryAtMs === null ? 'failed' : 'claimed', outcome.detail, outcome.retryAtMs];
    await this.sql.run("UPDATE reach_attempts SET state = ?, detail = ?, next_at = ?, at = ? WHERE broadcast_id = ? AND worker = ? AND channel = 'sms' AND state = 'sending'", [
      state,
      detail,
      nextAt,
      nowMs,
      sms.broadcastId,
      sms.worker,
    ]);
  }

  /**
   * SMS a node was sending when it stopped (killed mid-request): whether the gateway took them is
   * unknown, and sending again could text a person twice, so they are failed with the reason.
   */
  async abandonStale(olderThanMs: number, nowMs: number): Promise<number> {
    return this.sql.run("UPDATE reach_attempts SET state = 'failed', detail = ?, at = ? WHERE channel = 'sms' AND state = 'sending' AND at < ?", [
      'the node stopped while sending it: not sent again, lest it arrive twice',
      nowMs,
      olderThanMs,
    ]);
  }

  async link(code: string): Promise<SmsLink | null> {
    const row = await this.sql.get<LinkRow>("SELECT broadcast_id, worker, opened_at, confirmed_at FROM reach_attempts WHERE code = ? AND channel = 'sms'", [code]);
    return row
      ? {
          broadcastId: row.broadcast_id,
          worker: row.worker,
          openedAtMs: row.opened_at === null ? null : Number(row.opened_at),
          confirmedAtMs: row.confirmed_at === null ? null : Number(row.confirmed_at),
        }
      : null;
  }

  async opened(code: string, nowMs: number): Promise<void> {
    await this.sql.run("UPDATE reach_attempts SET opened_at = ? WHERE code = ? AND channel = 'sms' AND opened_at IS NULL", [nowMs, code]);
  }

  /** Marks the link confirmed: true for the one call that did, false when it was already. */
  async confirmOnce(code: string, nowMs: number): Promise<boolean> {
    return (
      (await this.sql.run("UPDATE reach_attempts SET confirmed_at = ?, opened_at = COALESCE(opened_at, ?) WHERE code = ? AND channel = 'sms' AND confirmed_at IS NULL", [nowMs, nowMs, code])) === 1
    );
  }
}
