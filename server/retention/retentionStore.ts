import type { SqlRunner } from '../store/sqlRunner.ts';

/**
 * What the retention policy deletes: each kind of record older than its period. `reports`: the
 * reporter's name and phone on events closed and received before it — the event stays, as the
 * city's record, without the person. `changes`: the change feed's entries (each holds the event
 * as it was, reporter included, so they go long before `reports` would scrub them); `deliveries`:
 * webhook deliveries made or failed (their bodies hold the event too; pending ones stay); `reach`:
 * push and SMS attempts made or failed (each SMS's holds the worker's number), kept as the audit log is;
 * `replay`: the wall's replay record (keyframes and deltas), oldest rows first.
 */
export const RETAINED = ['tracks', 'patrol', 'photos', 'audit', 'reports', 'changes', 'deliveries', 'reach', 'replay'] as const;
export type Retained = (typeof RETAINED)[number];

/**
 * One batch of each kind, oldest first, on either store (row values and LIMIT in a subquery are
 * the same SQL on SQLite and PostgreSQL). A batch is one short transaction: intake's writes go
 * between batches, never behind a delete of millions of rows.
 */
const DELETE_BATCH: Record<Exclude<Retained, 'reports' | 'changes'>, string> = {
  tracks: 'DELETE FROM track_points WHERE (worker, at_ms) IN (SELECT worker, at_ms FROM track_points WHERE at_ms < ? ORDER BY at_ms LIMIT ?)',
  patrol: 'DELETE FROM patrol_days WHERE (worker, day_start_ms) IN (SELECT worker, day_start_ms FROM patrol_days WHERE day_start_ms < ? LIMIT ?)',
  photos: 'DELETE FROM attachments WHERE id IN (SELECT id FROM attachments WHERE created_at < ? LIMIT ?)',
  audit: 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at_ms < ? ORDER BY id LIMIT ?)',
  deliveries: "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ? LIMIT ?)",
  replay: 'DELETE FROM wall_replay WHERE id IN (SELECT id FROM wall_replay WHERE written_at < ? ORDER BY id LIMIT ?)',
  reach: "DELETE FROM reach_attempts WHERE (broadcast_id, worker, channel) IN (SELECT broadcast_id, worker, channel FROM reach_attempts WHERE state IN ('made', 'failed') AND at < ? LIMIT ?)",
};

/** Deletes, in batches, what the retention policy no longer keeps. */
export interface RetentionStore {
  /** Deletes at most `limit` records of `kind` older than `beforeMs` (epoch ms); how many it deleted. */
  deleteBatch(kind: Retained, beforeMs: number, limit: number): Promise<number>;
}

/**
 * The reporter taken off a batch of closed events, per store (their JSON functions differ). The
 * version goes up, so that a node writing an older copy of the event (an evaluation) is refused
 * with 409 instead of putting the reporter back.
 */
const FORGET_REPORTERS = {
  sqlite: `UPDATE events SET body = json_set(body, '$.reporter', json('null')), version = version + 1
           WHERE id IN (SELECT id FROM events WHERE state IN ('resolved', 'evaluated') AND received_at < ? AND json_type(body, '$.reporter') = 'object' LIMIT ?)`,
  postgres: `UPDATE events SET body = jsonb_set(body, '{reporter}', 'null'::jsonb), version = version + 1
             WHERE id IN (SELECT id FROM events WHERE state IN ('resolved', 'evaluated') AND received_at < ? AND jsonb_typeof(body -> 'reporter') = 'object' LIMIT ?)`,
} as const;

export class SqlRetentionStore implements RetentionStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly kind: 'sqlite' | 'postgres',
    /** The change feed's own batch delete, which moves its horizon with it. */
    private readonly deleteChanges: (beforeMs: number, limit: number) => Promise<number>,
  ) {}

  deleteBatch(kind: Retained, beforeMs: number, limit: number): Promise<number> {
    if (kind === 'changes') return this.deleteChanges(beforeMs, limit);
    return this.sql.run(kind === 'reports' ? FORGET_REPORTERS[this.kind] : DELETE_BATCH[kind], [beforeMs, limit]);
  }
}
