import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';

/** An event as this caller may see it: the reporter's name and contact are for officers only. */
export function eventShownTo(event: CityEvent, principal: Pick<Principal, 'role'> | undefined): CityEvent {
  if (principal?.role === 'officer' || !event.reporter) return event;
  return { ...event, reporter: null };
}
