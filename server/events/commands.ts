import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';

/** A refused command; a 409 from a lost race carries the event as it is now; a 400 names its field. */
export type CommandResult = { ok: true; event: CityEvent } | { ok: false; code: 400 | 403 | 404 | 409; error: string; current?: CityEvent; field?: string };

/** A command's plan for an event as read: refused (or nothing to do), or the event as it will be with its history lines. */
export type CommandPlan = CommandResult | { next: CityEvent; transitions: Transition[] };

/**
 * What a command needs of the event service (EventService has it): read an event, and write a
 * plan against the version it was read at. Commands take this, not the service, so the service
 * can call them without the two importing each other.
 */
export interface EventActions {
  get(id: string): Promise<CityEvent | null>;
  act(id: string, plan: (event: CityEvent) => CommandPlan): Promise<CommandResult>;
}
