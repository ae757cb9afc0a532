import { z } from 'zod';
import type { CityEvent, Transition } from './eventRecords.ts';

/**
 * The change feed: every change to an event, in the order the store committed them, each with a
 * store-assigned cursor that only grows. Other systems read it with one cursor
 * (`GET /api/events/changes`); nodes read it to catch up on what another node committed and never
 * said.
 */
export const EVENT_CHANGE_TYPES = ['created', 'transitioned', 'evaluated', 'merged', 'whistle', 'task', 'escalated', 'changed'] as const;
export type EventChangeType = (typeof EVENT_CHANGE_TYPES)[number];

/** What a write records of its change: its kind, and when (the city's time, epoch ms). */
export interface ChangeNote {
  type: EventChangeType;
  atMs: number;
}

/** One change as the feed answers it: the event as it was right after. */
export interface EventChange {
  cursor: number;
  type: EventChangeType;
  eventId: string;
  atMs: number;
  event: CityEvent;
}

/** The kind of a change from the event before and after it and the steps it took. */
export function changeTypeOf(before: CityEvent, after: CityEvent, transitions: readonly Transition[]): EventChangeType {
  if (after.state !== before.state || transitions.length) return after.state === 'evaluated' && before.state !== 'evaluated' ? 'evaluated' : 'transitioned';
  if (after.duplicateOf !== before.duplicateOf) return 'merged';
  if (after.whistle !== before.whistle) return 'whistle';
  if (after.task !== before.task) return 'task';
  if (after.escalation !== before.escalation) return 'escalated';
  return 'changed';
}

/** Changes a page of the feed gives at most. */
export const CHANGES_PAGE_MAX = 1000;

/** `GET /api/events/changes?after=<cursor>&limit=<n>`: `after=0` reads from the oldest change kept. */
export const EventChangesQuery = z.object({
  after: z.coerce.number({ error: 'must be a cursor (a whole number, 0 for the start)' }).int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER),
  limit: z.coerce.number().int('must be a whole number').min(1, 'at least 1').max(CHANGES_PAGE_MAX, `at most ${CHANGES_PAGE_MAX}`).default(100),
});
