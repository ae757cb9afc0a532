import type { Pool, PoolClient } from 'pg';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { DUPLICATE_WINDOW_MS, duplicateSearchBox, earliestDuplicate } from '../domain/duplicates.ts';
import {
  type DuplicateProbe,
  type EventListQuery,
  type EventRepository,
  type EventWrite,
  externalKey,
  OPEN_STATES,
  sequenceOf,
  StoreConflict,
  VersionConflict,
} from './eventRepository.ts';
import { isPostgresConstraint } from './postgresDatabase.ts';

type EventRow = { body: CityEvent; version: number };
const eventOf = (row: EventRow): CityEvent => ({ ...row.body, version: row.version });

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
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await this.insertNew(client, batch.filter((w) => w.isNew).map((w) => w.event));
      await this.updateChanged(client, batch.filter((w) => !w.isNew).map((w) => w.event));
      await this.insertTransitions(client, batch.flatMap((w) => w.transitions));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if (isPostgresConstraint(error)) throw new StoreConflict((error as Error).message);
      throw error;
    } finally {
      client.release();
    }
  }

  private async insertNew(client: PoolClient, events: CityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await client.query(
      `INSERT INTO events (id, seq, external_key, state, received_at, duplicate_of, category, lng, lat, reported_at, version, body)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::bigint[], $11::int[], $12::jsonb[])`,
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
      [transitions.map((t) => t.eventId), transitions.map((t) => t.from), transitions.map((t) => t.to), transitions.map((t) => t.actor), transitions.map((t) => t.atMs), transitions.map((t) => t.note)],
    );
  }

  async get(id: string): Promise<CityEvent | null> {
    const { rows } = await this.pool.query<EventRow>('SELECT body, version FROM events WHERE id = $1', [id]);
    return rows[0] ? eventOf(rows[0]) : null;
  }

  async findByExternalKey(key: string): Promise<CityEvent | null> {
    const { rows } = await this.pool.query<EventRow>('SELECT body, version FROM events WHERE external_key = $1', [key]);
    return rows[0] ? eventOf(rows[0]) : null;
  }

  async transitionsOf(id: string): Promise<Transition[]> {
    const { rows } = await this.pool.query<{ event_id: string; from_state: string | null; to_state: string; actor: string; at_ms: number; note: string | null }>(
      'SELECT event_id, from_state, to_state, actor, at_ms, note FROM transitions WHERE event_id = $1 ORDER BY id',
      [id],
    );
    return rows.map((r) => ({ eventId: r.event_id, from: r.from_state as Transition['from'], to: r.to_state as Transition['to'], actor: r.actor, atMs: r.at_ms, note: r.note }));
  }

  async loadWorkingSet(sinceMs: number): Promise<CityEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT body, version FROM events WHERE received_at >= $1 OR (state = ANY($2::text[]) AND duplicate_of IS NULL) ORDER BY seq',
      [sinceMs, OPEN_STATES],
    );
    return rows.map(eventOf);
  }

  async list({ limit, offset, state, sinceMs }: EventListQuery): Promise<CityEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
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

  async findDuplicate({ category, lng, lat, atMs }: DuplicateProbe): Promise<string | null> {
    const box = duplicateSearchBox(lng, lat);
    const { rows } = await this.pool.query<{ id: string; lng: number; lat: number; atMs: number }>(
      `SELECT id, lng, lat, reported_at AS "atMs" FROM events
       WHERE category = $1 AND duplicate_of IS NULL AND state = ANY($2::text[])
         AND reported_at BETWEEN $3 AND $4 AND lng BETWEEN $5 AND $6 AND lat BETWEEN $7 AND $8`,
      [category, OPEN_STATES, atMs - DUPLICATE_WINDOW_MS, atMs + DUPLICATE_WINDOW_MS, box.minLng, box.maxLng, box.minLat, box.maxLat],
    );
    return earliestDuplicate(rows, lng, lat, atMs);
  }

  async newestSequence(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
    return rows[0]!.seq;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
