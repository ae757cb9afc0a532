import type { ReachChannel, ReachState } from '../push/pushStore.ts';
import type { SqlRunner } from '../store/sqlRunner.ts';

/** One attempt to reach a worker by a channel other than the socket, as the console shows it. */
export interface ReachAttempt {
  worker: string;
  channel: ReachChannel;
  state: ReachState | 'sending';
  /** When the state was last set, epoch ms. */
  atMs: number;
  tries: number;
  /** What went wrong (the push service's or gateway's answer, no number on the roster), or null. */
  detail: string | null;
  /** SMS: when the link was opened (its delivery) and confirmed, epoch ms. */
  openedAtMs: number | null;
  confirmedAtMs: number | null;
}

type AttemptRow = { worker: string; channel: string; state: string; at: number; tries: number; detail: string | null; opened_at: number | null; confirmed_at: number | null };
const msOrNull = (value: number | null) => (value === null ? null : Number(value));

/** Proof by channel: what was tried for a broadcast beyond the socket — push, SMS — per worker (SQL written once). */
export class ReachStore {
  constructor(private readonly sql: SqlRunner) {}

  async attemptsOf(broadcastId: string): Promise<ReachAttempt[]> {
    const rows = await this.sql.all<AttemptRow>('SELECT worker, channel, state, at, tries, detail, opened_at, confirmed_at FROM reach_attempts WHERE broadcast_id = ? ORDER BY worker, channel', [
      broadcastId,
    ]);
    return rows.map((r) => ({
      worker: r.worker,
      channel: r.channel as ReachChannel,
      state: r.state as ReachAttempt['state'],
      atMs: Number(r.at),
      tries: r.tries,
      detail: r.detail,
      openedAtMs: msOrNull(r.opened_at),
      confirmedAtMs: msOrNull(r.confirmed_at),
    }));
  }
}
