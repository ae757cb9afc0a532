import type Database from 'better-sqlite3';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { type EventRepository, type EventWrite, externalKey } from './eventRepository.ts';

const OPEN_STATES = "('reported','accepted','filed','dispatched','signed','handling','returned','escalated')";

/** Events in the embedded database (see sqliteDatabase.ts); each batch is one transaction. */
export class SqliteEventRepository implements EventRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: this.db.prepare(
        'INSERT INTO events (id, seq, external_key, state, received_at, duplicate_of, body) VALUES (@id, @seq, @externalKey, @state, @receivedAt, @duplicateOf, @body)',
      ),
      update: this.db.prepare('UPDATE events SET state = @state, body = @body WHERE id = @id'),
      transition: this.db.prepare('INSERT INTO transitions (event_id, from_state, to_state, actor, at_ms, note) VALUES (?, ?, ?, ?, ?, ?)'),
      get: this.db.prepare('SELECT body FROM events WHERE id = ?'),
      byKey: this.db.prepare('SELECT body FROM events WHERE external_key = ?'),
      transitionsOf: this.db.prepare('SELECT event_id, from_state, to_state, actor, at_ms, note FROM transitions WHERE event_id = ? ORDER BY id'),
      workingSet: this.db.prepare(`SELECT body FROM events WHERE received_at >= ? OR (state IN ${OPEN_STATES} AND duplicate_of IS NULL) ORDER BY seq`),
      maxSeq: this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
    };
    this.writeBatch = this.db.transaction((batch: readonly EventWrite[]) => {
      for (const { event, isNew, transitions } of batch) {
        const body = JSON.stringify(event);
        if (isNew)
          this.statements.insert.run({
            id: event.id,
            seq: sequenceOf(event.id),
            externalKey: event.externalId === null ? null : externalKey(event.channel, event.externalId),
            state: event.state,
            receivedAt: event.receivedAtMs,
            duplicateOf: event.duplicateOf,
            body,
          });
        else this.statements.update.run({ id: event.id, state: event.state, body });
        for (const t of transitions) this.statements.transition.run(t.eventId, t.from, t.to, t.actor, t.atMs, t.note);
      }
    });
  }

  private readonly writeBatch: (batch: readonly EventWrite[]) => void;

  write(batch: readonly EventWrite[]): void {
    this.writeBatch(batch);
  }

  get(id: string): CityEvent | null {
    const row = this.statements.get.get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as CityEvent) : null;
  }

  findByExternalKey(key: string): CityEvent | null {
    const row = this.statements.byKey.get(key) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as CityEvent) : null;
  }

  transitionsOf(id: string): Transition[] {
    return (this.statements.transitionsOf.all(id) as { event_id: string; from_state: string | null; to_state: string; actor: string; at_ms: number; note: string | null }[]).map((r) => ({
      eventId: r.event_id,
      from: r.from_state as Transition['from'],
      to: r.to_state as Transition['to'],
      actor: r.actor,
      atMs: r.at_ms,
      note: r.note,
    }));
  }

  loadWorkingSet(sinceMs: number): CityEvent[] {
    return (this.statements.workingSet.all(sinceMs) as { body: string }[]).map((r) => JSON.parse(r.body) as CityEvent);
  }

  list({ limit, offset, state, sinceMs }: { limit: number; offset: number; state?: string; sinceMs?: number }): CityEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (state) {
      where.push('state = ?');
      params.push(state);
    }
    if (sinceMs !== undefined) {
      where.push('received_at >= ?');
      params.push(sinceMs);
    }
    const sql = `SELECT body FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, limit, offset) as { body: string }[]).map((r) => JSON.parse(r.body) as CityEvent);
  }

  maxSequence(): number {
    return (this.statements.maxSeq.get() as { seq: number }).seq;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Ids are `EV` + a zero-padded sequence: sortable, short, and readable over the phone. */
export const eventId = (sequence: number) => `EV${String(sequence).padStart(9, '0')}`;
const sequenceOf = (id: string) => Number(id.slice(2));
