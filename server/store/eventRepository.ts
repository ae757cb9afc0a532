import type { Category } from '../../common/domain/categories.ts';
import type { ChangeNote, EventChange } from '../../common/domain/eventChanges.ts';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';

/**
 * One change to persist: a new event (version 1) or a changed one (its version one above the
 * stored one), with the transitions that led there and what the change feed records of it.
 */
export interface EventWrite {
  event: CityEvent;
  isNew: boolean;
  transitions: Transition[];
  change: ChangeNote;
}

/** A report to match against the open events of its category nearby (see events/duplicates.ts). */
export interface DuplicateProbe {
  category: Category;
  lng: number;
  lat: number;
  atMs: number;
}

export interface EventListQuery {
  limit: number;
  offset: number;
  state?: string;
  sinceMs?: number;
  /** The reporting system's own id (a hotline ticket number), on any channel. */
  externalId?: string;
}

/** Events received in a period, newest first (Open311 search): of a category, open or closed. */
export interface EventSearch {
  fromMs: number;
  toMs: number;
  category?: string;
  /** true: resolved or evaluated; false: any other state. */
  closed?: boolean;
  limit: number;
  offset: number;
}

/**
 * Where events live, and the truth about them for every process sharing the store: SQLite (the
 * embedded default) and PostgreSQL implement it, and one contract suite holds both to it.
 * - Sequence numbers come from the store and are never issued twice, whichever process asks.
 * - `write` applies a batch atomically, all or nothing. A changed event whose stored version is
 *   not one below its own fails the batch with VersionConflict (another writer got there
 *   first); a report whose channel and external id are stored already fails it with
 *   StoreConflict.
 * - Duplicates are found by the store: any process sees every recent open event.
 * - Every write records each event's change in the change feed, in the same transaction, under a
 *   cursor the store assigns: cursors only grow, and in the order the writes committed, so a
 *   reader that has seen cursor n never later finds a change below n it had not seen.
 */
export interface EventRepository {
  readonly kind: 'sqlite' | 'postgres';
  reserveSequences(count: number): Promise<number[]>;
  write(batch: readonly EventWrite[]): Promise<void>;
  get(id: string): Promise<CityEvent | null>;
  /** The stored events with these idempotency keys, by key (those not stored are absent). */
  findByExternalKeys(keys: readonly string[]): Promise<Map<string, CityEvent>>;
  transitionsOf(id: string): Promise<Transition[]>;
  /** Events received at or after `sinceMs`, plus every event still open whenever received, oldest first. */
  loadWorkingSet(sinceMs: number): Promise<CityEvent[]>;
  /** Events received since then that a grid worker reported or was given a task on: the assessment's material. */
  fieldWorkSince(sinceMs: number): Promise<CityEvent[]>;
  /** Newest first. */
  list(query: EventListQuery): Promise<CityEvent[]>;
  /** Received within [fromMs, toMs], newest first by receipt, through the receipt-time index. */
  search(query: EventSearch): Promise<CityEvent[]>;
  /** Received within [fromMs, toMs] after a place (receipt time, then sequence), oldest first, at most `limit`: an export's pages. */
  receivedBetween(fromMs: number, toMs: number, after: ReceiptPlace | null, limit: number): Promise<CityEvent[]>;
  /** For each probe, the earliest open, non-duplicate event of its category within the duplicate radius and window, or null. */
  findDuplicates(probes: readonly DuplicateProbe[]): Promise<(string | null)[]>;
  /** The highest sequence number of a stored event (0 when none). */
  newestSequence(): Promise<number>;
  /** Which events changed after a cursor and to which version, oldest first, at most `limit`: what a node follows. */
  changeHeadsAfter(cursor: number, limit: number): Promise<ChangeHead[]>;
  /** Changes after a cursor, oldest first, at most `limit`. */
  changesAfter(cursor: number, limit: number): Promise<EventChange[]>;
  /** The newest change's cursor (0 when none). */
  newestChangeCursor(): Promise<number>;
  /** The highest cursor retention has deleted (0: none): a reader behind it has missed changes. */
  changeHorizon(): Promise<number>;
  /** Deletes the oldest changes, at most `limit`, while they were made before `beforeMs` (a prefix of the feed), moving the horizon; returns how many. */
  deleteChangesBefore(beforeMs: number, limit: number): Promise<number>;
  close(): Promise<void>;
}

/** Where a page of events by receipt left off. */
export interface ReceiptPlace {
  receivedAtMs: number;
  seq: number;
}

/** A change as a node following the feed needs it: the event and the version it reached. */
export interface ChangeHead {
  cursor: number;
  eventId: string;
  version: number;
}

/** A write refused by the store's rules (a unique key): that request's fault alone. */
export class StoreConflict extends Error {}

/** A changed event whose stored version moved on since it was read: another writer won. */
export class VersionConflict extends StoreConflict {
  constructor(readonly eventId: string) {
    super(`${eventId} was changed by someone else`);
  }
}

/** Channel and external id together: the idempotency key of a report. */
export const externalKey = (channel: string, externalId: string) => `${channel}:${externalId}`;

/** Ids are `EV` + a zero-padded sequence: sortable, short, and readable over the phone. */
export const eventId = (sequence: number) => `EV${String(sequence).padStart(9, '0')}`;
export const sequenceOf = (id: string) => Number(id.slice(2));

/** The states in which an event is still someone's job. */
export const OPEN_STATES = ['reported', 'accepted', 'filed', 'dispatched', 'signed', 'handling', 'returned', 'escalated'] as const;
/** The open states as a literal SQL list, `('reported',…)`: a query written with it matches the open-event partial indexes' predicate. */
export const OPEN_STATES_SQL = `(${OPEN_STATES.map((s) => `'${s}'`).join(',')})`;
