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
  /** When the worker's receipt came, by whatever channel (the app, or the SMS link), epoch ms; null: not yet. */
  deliveredAtMs: number | null;
}

type AttemptRow = {
  worker: string;
  channel: string;
  state: string;
  at: number;
  tries: number;
  detail: string | null;
  opened_at: number | null;
  confirmed_at: number | null;
  delivered_at: number | null;
};
const msOrNull = (value: number | null) => (value === null ? null : Number(value));

/** Proof by channel: what was tried for a broadcast beyond the socket — push, SMS — per worker (SQL written once). */
export class ReachStore {
  constructor(private readonly sql: SqlRunner) {}

  async attemptsOf(broadcastId: string): Promise<ReachAttempt[]> {
    const rows = await this.sql.all<AttemptRow>(
      `SELECT a.worker AS worker, a.channel AS channel, a.state AS state, a.at AS at, a.tries AS tries, a.detail AS detail,
         a.opened_at AS opened_at, a.confirmed_at AS confirmed_at, d.delivered_at AS delivered_at
       FROM reach_attempts a LEFT JOIN deliveries d ON d.broadcast_id = a.broadcast_id AND d.worker = a.worker
       WHERE a.broadcast_id = ? ORDER BY a.worker, a.channel`,
      [broadcastId],
    );
    return rows.map((r) => ({
      worker: r.worker,
      channel: r.channel as ReachChannel,
      state: r.state as ReachAttempt['state'],
      atMs: Number(r.at),
      tries: r.tries,
      detail: r.detail,
      openedAtMs: msOrNull(r.opened_at),
      confirmedAtMs: msOrNull(r.confirmed_at),
      deliveredAtMs: msOrNull(r.delivered_at),
    }));
  }
}
