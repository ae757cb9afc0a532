import type Database from 'better-sqlite3';
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
  OPEN_STATES_SQL,
  sequenceOf,
  StoreConflict,
  VersionConflict,
} from './eventRepository.ts';

const isConstraint = (error: unknown) => String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');

/**
 * Events in the embedded database (see sqliteDatabase.ts); each batch is one transaction. The
 * calls are synchronous underneath (better-sqlite3) and answered as promises, to the contract.
 */
export class SqliteEventRepository implements EventRepository {
  readonly kind = 'sqlite' as const;
  private readonly statements;
  private readonly writeBatch: (batch: readonly EventWrite[]) => void;
  private readonly reserve: (count: number) => number;
  private readonly deleteChanges: (beforeMs: number, limit: number) => number;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO events (id, seq, external_key, state, received_at, duplicate_of, body, version, category, lng, lat, reported_at, cell)
         VALUES (@id, @seq, @externalKey, @state, @receivedAt, @duplicateOf, @body, @version, @category, @lng, @lat, @reportedAt, @cell)`,
      ),
      update: db.prepare('UPDATE events SET state = @state, duplicate_of = @duplicateOf, body = @body, version = @version WHERE id = @id AND version = @version - 1'),
      transition: db.prepare('INSERT INTO transitions (event_id, from_state, to_state, actor, at_ms, note) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT body, version FROM events WHERE id = ?'),
      byKey: db.prepare('SELECT body, version FROM events WHERE external_key = ?'),
      transitionsOf: db.prepare('SELECT event_id, from_state, to_state, actor, at_ms, note FROM transitions WHERE event_id = ? ORDER BY id'),
      fieldWork: db.prepare(`SELECT body, version FROM events WHERE received_at >= ? AND (json_extract(body, '$.reportedBy') IS NOT NULL OR json_extract(body, '$.task') IS NOT NULL) ORDER BY seq`),
      workingSet: db.prepare(`SELECT body, version FROM events WHERE received_at >= ? OR (state IN ${OPEN_STATES_SQL} AND duplicate_of IS NULL) ORDER BY seq`),
      maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
      // Nine cells by the partial index: a handful of rows however many events the day holds.
      nearby: db.prepare(
        `SELECT id, lng, lat, reported_at AS atMs FROM events
         WHERE category = ? AND cell IN (?, ?, ?, ?, ?, ?, ?, ?, ?) AND reported_at BETWEEN ? AND ?
           AND duplicate_of IS NULL AND state IN ${OPEN_STATES_SQL}`,
      ),
      receivedBetween: db.prepare('SELECT body, version FROM events WHERE received_at BETWEEN ? AND ? AND (received_at > ? OR (received_at = ? AND seq > ?)) ORDER BY received_at, seq LIMIT ?'),
      bumpSequence: db.prepare("UPDATE sequences SET value = value + ? WHERE name = 'events' RETURNING value"),
      change: db.prepare('INSERT INTO event_changes (event_id, version, type, at_ms, body) VALUES (?, ?, ?, ?, ?)'),
      changeHeadsAfter: db.prepare('SELECT seq, event_id, version FROM event_changes WHERE seq > ? ORDER BY seq LIMIT ?'),
      changesAfter: db.prepare('SELECT seq, event_id, type, at_ms, body FROM event_changes WHERE seq > ? ORDER BY seq LIMIT ?'),
      newestChange: db.prepare("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_changes'), 0) AS seq"),
      horizon: db.prepare('SELECT seq FROM event_changes_horizon WHERE id = 1'),
      oldestChanges: db.prepare('SELECT seq, at_ms FROM event_changes ORDER BY seq LIMIT ?'),
      deleteChangesUpTo: db.prepare('DELETE FROM event_changes WHERE seq <= ?'),
      raiseHorizon: db.prepare('UPDATE event_changes_horizon SET seq = MAX(seq, ?) WHERE id = 1'),
    };
    this.writeBatch = db.transaction((batch: readonly EventWrite[]) => {
      for (const { event, isNew, transitions, change } of batch) {
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
            version: event.version,
            category: event.category,
            lng: event.lng,
            lat: event.lat,
            reportedAt: event.reportedAtMs,
            cell: duplicateCell(event.lng, event.lat),
          });
        else if (this.statements.update.run({ id: event.id, state: event.state, duplicateOf: event.duplicateOf, body, version: event.version }).changes === 0) throw new VersionConflict(event.id);
        for (const t of transitions) this.statements.transition.run(t.eventId, t.from, t.to, t.actor, t.atMs, t.note);
        // One writer at a time holds the database, so cursors commit in order.
        this.statements.change.run(event.id, event.version, change.type, change.atMs, body);
      }
    });
    this.deleteChanges = db.transaction((beforeMs: number, limit: number): number => {
      const upTo = lastOfOldRun(this.statements.oldestChanges.all(limit) as { seq: number; at_ms: number }[], beforeMs);
      if (upTo === null) return 0;
      this.statements.deleteChangesUpTo.run(upTo.seq);
      this.statements.raiseHorizon.run(upTo.seq);
      return upTo.count;
    });
    // IMMEDIATE: the read and the bump happen under the write lock, so two processes never get the same numbers.
    this.reserve = db.transaction((count: number) => (this.statements.bumpSequence.get(count) as { value: number }).value).immediate;
  }

  async reserveSequences(count: number): Promise<number[]> {
    const last = this.reserve(count);
    return Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }

  async write(batch: readonly EventWrite[]): Promise<void> {
    try {
      this.writeBatch(batch);
    } catch (error) {
      if (isConstraint(error)) throw new StoreConflict((error as Error).message);
      throw error;
    }
  }

  async get(id: string): Promise<CityEvent | null> {
    const row = this.statements.get.get(id) as EventRow | undefined;
    return row ? eventOf(row) : null;
  }

  async findByExternalKeys(keys: readonly string[]): Promise<Map<string, CityEvent>> {
    const found = new Map<string, CityEvent>();
    for (const key of keys) {
      const row = this.statements.byKey.get(key) as EventRow | undefined;
      if (row) found.set(key, eventOf(row));
    }
    return found;
  }

  async transitionsOf(id: string): Promise<Transition[]> {
    return (this.statements.transitionsOf.all(id) as TransitionRow[]).map(transitionOf);
  }

  async fieldWorkSince(sinceMs: number): Promise<CityEvent[]> {
    return (this.statements.fieldWork.all(sinceMs) as EventRow[]).map(eventOf);
  }

  async loadWorkingSet(sinceMs: number): Promise<CityEvent[]> {
    return (this.statements.workingSet.all(sinceMs) as EventRow[]).map(eventOf);
  }

  async list({ limit, offset, state, sinceMs, externalId }: EventListQuery): Promise<CityEvent[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (externalId !== undefined) {
      const keys = externalKeysOf(externalId);
      where.push(`external_key IN (${keys.map(() => '?').join(', ')})`);
      params.push(...keys);
    }
    if (state) {
      where.push('state = ?');
      params.push(state);
    }
    if (sinceMs !== undefined) {
      where.push('received_at >= ?');
      params.push(sinceMs);
    }
    const sql = `SELECT body, version FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, limit, offset) as EventRow[]).map(eventOf);
  }

  async search({ fromMs, toMs, category, closed, limit, offset }: EventSearch): Promise<CityEvent[]> {
    const where = ['received_at BETWEEN ? AND ?'];
    const params: (string | number)[] = [fromMs, toMs];
    if (category !== undefined) {
      where.push('category = ?');
      params.push(category);
    }
    if (closed !== undefined) where.push(`state ${closed ? '' : 'NOT '}IN (${[...CLOSED_STATES].map((s) => `'${s}'`).join(', ')})`);
    const sql = `SELECT body, version FROM events WHERE ${where.join(' AND ')} ORDER BY received_at DESC, seq DESC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, limit, offset) as EventRow[]).map(eventOf);
  }

  async receivedBetween(fromMs: number, toMs: number, after: ReceiptPlace | null, limit: number): Promise<CityEvent[]> {
    const [atMs, seq] = after ? [after.receivedAtMs, after.seq] : [fromMs - 1, 0];
    return (this.statements.receivedBetween.all(fromMs, toMs, atMs, atMs, seq, limit) as EventRow[]).map(eventOf);
  }

  async findDuplicates(probes: readonly DuplicateProbe[]): Promise<(string | null)[]> {
    return probes.map(({ category, lng, lat, atMs }) => {
      const candidates = this.statements.nearby.all(category, ...duplicateSearchCells(lng, lat), atMs - DUPLICATE_WINDOW_MS, atMs + DUPLICATE_WINDOW_MS) as {
        id: string;
        lng: number;
        lat: number;
        atMs: number;
      }[];
      return earliestDuplicate(candidates, lng, lat, atMs);
    });
  }

  async newestSequence(): Promise<number> {
    return (this.statements.maxSeq.get() as { seq: number }).seq;
  }

  async changesAfter(cursor: number, limit: number): Promise<EventChange[]> {
    return (this.statements.changesAfter.all(cursor, limit) as ChangeRow[]).map(changeOf);
  }

  async changeHeadsAfter(cursor: number, limit: number): Promise<ChangeHead[]> {
    return (this.statements.changeHeadsAfter.all(cursor, limit) as ChangeHeadRow[]).map(changeHeadOf);
  }

  async newestChangeCursor(): Promise<number> {
    return (this.statements.newestChange.get() as { seq: number }).seq;
  }

  async changeHorizon(): Promise<number> {
    return (this.statements.horizon.get() as { seq: number }).seq;
  }

  async deleteChangesBefore(beforeMs: number, limit: number): Promise<number> {
    return this.deleteChanges(beforeMs, limit);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
