import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
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
