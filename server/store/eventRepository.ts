import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';

/** One change to persist: a new or changed event with the transitions that led there. */
export interface EventWrite {
  event: CityEvent;
  isNew: boolean;
  transitions: Transition[];
}

/**
 * Where events live. SQLite is the embedded default; a PostgreSQL store implements the same
 * interface for several machines. `write` applies a whole batch atomically: all or nothing.
 */
export interface EventRepository {
  write(batch: readonly EventWrite[]): void;
  get(id: string): CityEvent | null;
  findByExternalKey(key: string): CityEvent | null;
  transitionsOf(id: string): Transition[];
  /** Events received at or after `sinceMs`, plus every event still open whenever received. */
  loadWorkingSet(sinceMs: number): CityEvent[];
  list(query: { limit: number; offset: number; state?: string; sinceMs?: number }): CityEvent[];
  /** Highest event sequence number issued, so ids stay unique across restarts. */
  maxSequence(): number;
  close(): void;
}

/** Channel and external id together: the idempotency key of a report. */
export const externalKey = (channel: string, externalId: string) => `${channel}:${externalId}`;
