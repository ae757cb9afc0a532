import type { Pool, PoolClient } from 'pg';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { DUPLICATE_WINDOW_MS, duplicateCell, duplicateSearchCells, earliestDuplicate } from '../events/duplicates.ts';
import type { EventChange } from '../../common/domain/eventChanges.ts';
import { type ChangeHeadRow, changeHeadOf, lastOfOldRun, type ChangeRow, changeOf, type EventRow, eventOf, externalKeysOf, type TransitionRow, transitionOf } from './eventRows.ts';
import {
  type ChangeHead,
  type DuplicateProbe,
  type EventListQuery,
  type EventRepository,
  type EventSearch,
  type ReceiptPlace,
  type EventWrite,
  externalKey,
  OPEN_STATES,
  OPEN_STATES_SQL,
  sequenceOf,
  StoreConflict,
  VersionConflict,
} from './eventRepository.ts';
import { isPostgresConstraint } from './postgresDatabase.ts';
import { inTransaction } from './postgresTransaction.ts';

/** Any number, the same in every node: the advisory lock under which a write takes its change cursors. */
const CHANGE_FEED_LOCK = 0x63686766;

/**
 * Open events of a probe's category in its cell and time window, for the probes given as arrays
 * (n, category, cell, from_ms, to_ms): each cell looked up in the partial index (category, cell,
 * reported_at), whose predicate the literal list of open states matches. As a plain join the
 * planner hashed every open event instead (estimating a fast-growing table at a few rows): at
 * 150,000 events 80–90 ms a batch, spilling to temporary files, against 3–7 ms. OFFSET 0 keeps
 * the subquery a loop of index lookups whatever the statistics say.
 */
export const DUPLICATE_CANDIDATES_SQL = `SELECT p.n, e.id, e.lng, e.lat, e.reported_at AS "atMs"
  FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS p(n, category, cell, from_ms, to_ms)
  CROSS JOIN LATERAL (
    SELECT id, lng, lat, reported_at FROM events
    WHERE category = p.category AND cell = p.cell AND reported_at BETWEEN p.from_ms AND p.to_ms
      AND duplicate_of IS NULL AND state IN ${OPEN_STATES_SQL}
    OFFSET 0
  ) e`;

/**
 * Events in PostgreSQL, for nodes on several machines. A batch is one transaction of a few
 * statements whatever its size (rows go in as arrays through `unnest`); sequence numbers come
 * from a PostgreSQL sequence, so no two nodes ever issue the same id.
 */
export class PostgresEventRepository implements EventRepository {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: Pool) {}

  async reserveSequences(count: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT nextval('event_seq') AS n FROM generate_series(1, $1)", [count]);
    return rows.map((r) => r.n).sort((a, b) => a - b);
  }

  async write(batch: readonly EventWrite[]): Promise<void> {
    try {
      await inTransaction(this.pool, async (client) => {
        await this.insertNew(
          client,
          batch.filter((w) => w.isNew).map((w) => w.event),
        );
        await this.updateChanged(
          client,
          batch.filter((w) => !w.isNew).map((w) => w.event),
        );
        await this.insertTransitions(
          client,
          batch.flatMap((w) => w.transitions),
        );
        await this.insertChanges(client, batch);
      });
    } catch (error) {
      if (isPostgresConstraint(error)) throw new StoreConflict((error as Error).message);
      throw error;
    }
  }

  private async insertNew(client: PoolClient, events: CityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await client.query(
      `INSERT INTO events (id, seq, external_key, state, received_at, duplicate_of, category, lng, lat, reported_at, version, body, cell)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::bigint[], $11::int[], $12::jsonb[], $13::bigint[])`,
      [
        events.map((e) => e.id),
        events.map((e) => sequenceOf(e.id)),
        events.map((e) => (e.externalId === null ? null : externalKey(e.channel, e.externalId))),
        events.map((e) => e.state),
        events.map((e) => e.receivedAtMs),
        events.map((e) => e.duplicateOf),
        events.map((e) => e.category),
        events.map((e) => e.lng),
        events.map((e) => e.lat),
        events.map((e) => e.reportedAtMs),
        events.map((e) => e.version),
        events.map((e) => JSON.stringify(e)),
        events.map((e) => duplicateCell(e.lng, e.lat)),
      ],
    );
  }

  /** Each row only where the stored version is one below the new one; a row left unchanged is a lost race. */
  private async updateChanged(client: PoolClient, events: CityEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { rows } = await client.query<{ id: string }>(
      `UPDATE events AS e SET state = u.state, duplicate_of = u.duplicate_of, body = u.body, version = u.version
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[]) AS u(id, state, duplicate_of, body, version)
       WHERE e.id = u.id AND e.version = u.version - 1
       RETURNING e.id`,
      [events.map((e) => e.id), events.map((e) => e.state), events.map((e) => e.duplicateOf), events.map((e) => JSON.stringify(e)), events.map((e) => e.version)],
    );
    if (rows.length === events.length) return;
    const updated = new Set(rows.map((r) => r.id));
    throw new VersionConflict(events.find((e) => !updated.has(e.id))!.id);
  }

  private async insertTransitions(client: PoolClient, transitions: Transition[]): Promise<void> {
    if (transitions.length === 0) return;
    // WITH ORDINALITY keeps the batch's order in the serial ids, so history reads back in order.
    await client.query(
      `INSERT INTO transitions (event_id, from_state, to_state, actor, at_ms, note)
       SELECT event_id, from_state, to_state, actor, at_ms, note
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS t(event_id, from_state, to_state, actor, at_ms, note, n)
       ORDER BY n`,
      [
        transitions.map((t) => t.eventId),
        transitions.map((t) => t.from),
        transitions.map((t) => t.to),
        transitions.map((t) => t.actor),
        transitions.map((t) => t.atMs),
        transitions.map((t) => t.note),
      ],
    );
  }

  /**
   * The batch's changes, last: under a lock held to the commit, so cursors are taken — and become
   * visible — in commit order, and a reader past cursor n never finds a smaller one appear later.
   */
  private async insertChanges(client: PoolClient, batch: readonly EventWrite[]): Promise<void> {
    if (batch.length === 0) return;
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_FEED_LOCK]);
    await client.query(
      `INSERT INTO event_changes (event_id, version, type, at_ms, body)
       SELECT event_id, version, type, at_ms, body FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::jsonb[]) WITH ORDINALITY AS c(event_id, version, type, at_ms, body, n)
       ORDER BY n`,
      [batch.map((w) => w.event.id), batch.map((w) => w.event.version), batch.map((w) => w.change.type), batch.map((w) => w.change.atMs), batch.map((w) => JSON.stringify(w.event))],
    );
  }

  async get(id: string): Promise<CityEvent | null> {
    const { rows } = await this.pool.query<EventRow>('SELECT body, version FROM events WHERE id = $1', [id]);
    return rows[0] ? eventOf(rows[0]) : null;
  }

  async findByExternalKeys(keys: readonly string[]): Promise<Map<string, CityEvent>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.pool.query<EventRow & { external_key: string }>('SELECT external_key, body, version FROM events WHERE external_key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.external_key, eventOf(r)]));
  }

  async transitionsOf(id: string): Promise<Transition[]> {
    const { rows } = await this.pool.query<TransitionRow>('SELECT event_id, from_state, to_state, actor, at_ms, note FROM transitions WHERE event_id = $1 ORDER BY id', [id]);
    return rows.map(transitionOf);
  }

  async fieldWorkSince(sinceMs: number): Promise<CityEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT body, version FROM events WHERE received_at >= $1 AND (jsonb_typeof(body->'reportedBy') = 'string' OR jsonb_typeof(body->'task') = 'object') ORDER BY seq`,
      [sinceMs],
    );
    return rows.map(eventOf);
  }

  async loadWorkingSet(sinceMs: number): Promise<CityEvent[]> {
    const { rows } = await this.pool.query<EventRow>('SELECT body, version FROM events WHERE received_at >= $1 OR (state = ANY($2::text[]) AND duplicate_of IS NULL) ORDER BY seq', [
      sinceMs,
      OPEN_STATES,
    ]);
    return rows.map(eventOf);
  }

  async list({ limit, offset, state, sinceMs, externalId }: EventListQuery): Promise<CityEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (externalId !== undefined) {
      params.push(externalKeysOf(externalId));
      where.push(`external_key = ANY($${params.length}::text[])`);
    }
    if (state) {
      params.push(state);
      where.push(`state = $${params.length}`);
    }
    if (sinceMs !== undefined) {
      params.push(sinceMs);
      where.push(`received_at >= $${params.length}`);
    }
    params.push(limit, offset);
    const sql = `SELECT body, version FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length - 1} OFFSET $${params.length}`;
    return (await this.pool.query<EventRow>(sql, params)).rows.map(eventOf);
  }

  async search({ fromMs, toMs, category, closed, limit, offset }: EventSearch): Promise<CityEvent[]> {
    const where = ['received_at BETWEEN $1 AND $2'];
    const params: unknown[] = [fromMs, toMs];
    if (category !== undefined) {
      params.push(category);
      where.push(`category = $${params.length}`);
    }
    if (closed !== undefined) {
      params.push([...CLOSED_STATES]);
      where.push(`${closed ? '' : 'NOT '}(state = ANY($${params.length}::text[]))`);
    }
    params.push(limit, offset);
    const sql = `SELECT body, version FROM events WHERE ${where.join(' AND ')} ORDER BY received_at DESC, seq DESC LIMIT $${params.length - 1} OFFSET $${params.length}`;
    return (await this.pool.query<EventRow>(sql, params)).rows.map(eventOf);
  }

  async receivedBetween(fromMs: number, toMs: number, after: ReceiptPlace | null, limit: number): Promise<CityEvent[]> {
    const [atMs, seq] = after ? [after.receivedAtMs, after.seq] : [fromMs - 1, 0];
    const { rows } = await this.pool.query<EventRow>('SELECT body, version FROM events WHERE received_at BETWEEN $1 AND $2 AND (received_at, seq) > ($3, $4) ORDER BY received_at, seq LIMIT $5', [
      fromMs,
      toMs,
      atMs,
      seq,
      limit,
    ]);
    return rows.map(eventOf);
  }

  /** One query for the whole batch: each probe's nine cells looked up in the partial index (DUPLICATE_CANDIDATES_SQL). */
  async findDuplicates(probes: readonly DuplicateProbe[]): Promise<(string | null)[]> {
    if (probes.length === 0) return [];
    const rows = probes.flatMap((p, n) =>
      duplicateSearchCells(p.lng, p.lat).map((cell) => ({ n, category: p.category, cell, fromMs: p.atMs - DUPLICATE_WINDOW_MS, toMs: p.atMs + DUPLICATE_WINDOW_MS })),
    );
    const { rows: found } = await this.pool.query<{ n: number; id: string; lng: number; lat: number; atMs: number }>(DUPLICATE_CANDIDATES_SQL, [
      rows.map((r) => r.n),
      rows.map((r) => r.category),
      rows.map((r) => r.cell),
      rows.map((r) => r.fromMs),
      rows.map((r) => r.toMs),
    ]);
    const byProbe = probes.map(() => [] as { id: string; lng: number; lat: number; atMs: number }[]);
    for (const f of found) byProbe[f.n]!.push(f);
    return probes.map((p, n) => earliestDuplicate(byProbe[n]!, p.lng, p.lat, p.atMs));
  }

  async newestSequence(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
    return rows[0]!.seq;
  }

  async changesAfter(cursor: number, limit: number): Promise<EventChange[]> {
    const { rows } = await this.pool.query<ChangeRow>('SELECT seq, event_id, type, at_ms, body FROM event_changes WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor, limit]);
    return rows.map(changeOf);
  }

  async changeHeadsAfter(cursor: number, limit: number): Promise<ChangeHead[]> {
    const { rows } = await this.pool.query<ChangeHeadRow>('SELECT seq, event_id, version FROM event_changes WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor, limit]);
    return rows.map(changeHeadOf);
  }

  async newestChangeCursor(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_changes');
    return Number(rows[0]!.seq);
  }

  async changeHorizon(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>('SELECT seq FROM event_changes_horizon WHERE id = 1');
    return Number(rows[0]!.seq);
  }

  async deleteChangesBefore(beforeMs: number, limit: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ seq: string; at_ms: string }>('SELECT seq, at_ms FROM event_changes ORDER BY seq LIMIT $1', [limit]);
      const upTo = lastOfOldRun(rows, beforeMs);
      if (upTo === null) return 0;
      await client.query('DELETE FROM event_changes WHERE seq <= $1', [upTo.seq]);
      await client.query('UPDATE event_changes_horizon SET seq = GREATEST(seq, $1) WHERE id = 1', [upTo.seq]);
      return upTo.count;
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
