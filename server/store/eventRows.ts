import type { EventChange, EventChangeType } from '../../common/domain/eventChanges.ts';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { EVENT_CHANNELS } from '../../common/domain/events.ts';
import { type ChangeHead, externalKey } from './eventRepository.ts';
import { jsonColumn } from './rowMappers.ts';

/** The events tables' rows and their mappers, once for both twins (sqliteEventRepository.ts, postgresEventRepository.ts). */

/** An events row as read: body is TEXT on SQLite, JSONB on PostgreSQL (see jsonColumn). */
export type EventRow = { body: unknown; version: number };

/** The version column is the truth: the body's copy is the one written with it, but the column is what updates compare. */
export const eventOf = (row: EventRow): CityEvent => ({ ...jsonColumn<CityEvent>(row.body), version: row.version });

/** A transitions row; at_ms in epoch milliseconds, from_state null for an event's first state. */
export interface TransitionRow {
  event_id: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  at_ms: number;
  note: string | null;
}

export const transitionOf = (r: TransitionRow): Transition => ({
  eventId: r.event_id,
  from: r.from_state as Transition['from'],
  to: r.to_state as Transition['to'],
  actor: r.actor,
  atMs: r.at_ms,
  note: r.note,
});

/** An event_changes row: the change's cursor, kind and time, and the event as it was right after. */
export interface ChangeRow {
  seq: number;
  event_id: string;
  type: string;
  at_ms: number;
  body: unknown;
}

export const changeOf = (r: ChangeRow): EventChange => ({ cursor: Number(r.seq), type: r.type as EventChangeType, eventId: r.event_id, atMs: Number(r.at_ms), event: jsonColumn<CityEvent>(r.body) });

/** An event_changes row's head: which event reached which version, under which cursor. */
export interface ChangeHeadRow {
  seq: number | string;
  event_id: string;
  version: number;
}

export const changeHeadOf = (r: ChangeHeadRow): ChangeHead => ({ cursor: Number(r.seq), eventId: r.event_id, version: r.version });

/** The idempotency keys an external id may be stored under: one per channel, each found by the unique index. */
export const externalKeysOf = (externalId: string): string[] => EVENT_CHANNELS.map((channel) => externalKey(channel, externalId));

/**
 * Retention keeps the feed whole after its horizon: of the oldest changes (by cursor), the leading
 * run made before `beforeMs` goes — never one past a change still within the period, so a reader
 * never finds a hole. Its last cursor and length, or null when the oldest is still kept.
 */
export function lastOfOldRun(oldest: readonly { seq: number | string; at_ms: number | string }[], beforeMs: number): { seq: number; count: number } | null {
  let count = 0;
  while (count < oldest.length && Number(oldest[count]!.at_ms) < beforeMs) count++;
  return count === 0 ? null : { seq: Number(oldest[count - 1]!.seq), count };
}
