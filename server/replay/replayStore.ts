import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SqlRunner } from '../store/sqlRunner.ts';

/** A row of the replay record: a whole wall snapshot (`key`), or the feed's deltas of up to a second (`steps`). */
export type ReplayRowKind = 'key' | 'steps';

export interface ReplayRow {
  id: number;
  kind: ReplayRowKind;
  /** The city's time of the first and last frame in the row, epoch ms (what the wall's clock showed). */
  fromMs: number;
  toMs: number;
  /** The row's body, parsed: a keyframe (ReplayKeyframe) or the deltas (WallDelta[]). */
  body: unknown;
  /** The body's size as stored (deflated), bytes. */
  storedBytes: number;
}

type Row = { id: number | string; kind: string; from_ms: number | string; to_ms: number | string; body: Buffer | Uint8Array };

const rowOf = (r: Row): ReplayRow => {
  const stored = Buffer.from(r.body);
  return { id: Number(r.id), kind: r.kind as ReplayRowKind, fromMs: Number(r.from_ms), toMs: Number(r.to_ms), body: JSON.parse(inflateRawSync(stored).toString('utf8')), storedBytes: stored.length };
};

const COLUMNS = 'id, kind, from_ms, to_ms, body';

/**
 * The wall's replay record on either store (SQL written once). Each row is appended by the node
 * making the walls' feed, in the order it made them, so ids give the order; bodies are JSON,
 * deflated (a row of deltas shrinks about tenfold: the figures repeat).
 */
export class ReplayStore {
  constructor(private readonly sql: SqlRunner) {}

  /** Appends a row once it is durable: the moment it covers is replayable from then on. */
  async append(kind: ReplayRowKind, fromMs: number, toMs: number, frames: number, body: unknown, writtenAtMs: number): Promise<number> {
    const stored = deflateRawSync(Buffer.from(JSON.stringify(body), 'utf8'));
    await this.sql.run('INSERT INTO wall_replay (kind, from_ms, to_ms, written_at, frames, body) VALUES (?, ?, ?, ?, ?, ?)', [kind, fromMs, toMs, writtenAtMs, frames, stored]);
    return stored.length;
  }

  /** The newest keyframe at or before `atMs` (the city's time), if any. */
  async keyframeAtOrBefore(atMs: number): Promise<ReplayRow | undefined> {
    const row = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM wall_replay WHERE kind = 'key' AND from_ms <= ? ORDER BY from_ms DESC, id DESC LIMIT 1`, [atMs]);
    return row && rowOf(row);
  }

  /**
   * Rows of deltas written after a keyframe whose frames lie between it and `atMs`, in order; at
   * most `limit`. (Both bounds: a simulated clock restarted behind an earlier run's leaves rows later
   * in the record that are earlier in the city's time.)
   */
  async stepsAfter(key: Pick<ReplayRow, 'id' | 'fromMs'>, atMs: number, limit: number): Promise<ReplayRow[]> {
    const rows = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM wall_replay WHERE kind = 'steps' AND id > ? AND from_ms >= ? AND from_ms <= ? ORDER BY id LIMIT ?`, [key.id, key.fromMs, atMs, limit]);
    return rows.map(rowOf);
  }

  /** Rows of either kind with frames after `afterMs` and at or before `untilMs`, in order; at most `limit` (playing forward). */
  async between(afterMs: number, untilMs: number, limit: number): Promise<ReplayRow[]> {
    const rows = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM wall_replay WHERE to_ms > ? AND from_ms <= ? ORDER BY id LIMIT ?`, [afterMs, untilMs, limit]);
    return rows.map(rowOf);
  }

  /** The earliest moment the record opens from (its first keyframe, the city's time), or null before the first. */
  async earliestMs(): Promise<number | null> {
    const row = await this.sql.get<{ at: number | string | null }>("SELECT MIN(from_ms) AS at FROM wall_replay WHERE kind = 'key'");
    return row?.at == null ? null : Number(row.at);
  }

  /** What the rows written since `sinceMs` (real time) take, bytes stored, by kind. */
  async usageSince(sinceMs: number): Promise<Record<ReplayRowKind, { rows: number; bytes: number }>> {
    const rows = await this.sql.all<{ kind: string; n: number | string; bytes: number | string | null }>(
      'SELECT kind, COUNT(*) AS n, SUM(LENGTH(body)) AS bytes FROM wall_replay WHERE written_at >= ? GROUP BY kind',
      [sinceMs],
    );
    const usage = { key: { rows: 0, bytes: 0 }, steps: { rows: 0, bytes: 0 } };
    for (const r of rows) if (r.kind === 'key' || r.kind === 'steps') usage[r.kind] = { rows: Number(r.n), bytes: Number(r.bytes ?? 0) };
    return usage;
  }
}
