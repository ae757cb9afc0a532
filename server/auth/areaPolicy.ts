import type { Principal } from '../../common/domain/auth.ts';
import { redactContacts } from '../../common/domain/contactRedaction.ts';
import type { CrossCase } from '../../common/domain/cases.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { OfficerScope } from '../broadcasts/workerDirectory.ts';

/**
 * The one area rule: may this principal see, or act on, this object? Every REST route and socket
 * handler asks here, and nowhere else is an area worked out.
 *
 * Areas come from the unit hierarchy, never from code prefixes: an event carries the district and
 * street it was located to at intake, a worker's district and street come from the roster by index,
 * and a unit code is compared only for equality. (郑东新区's code is 4101ZD while its streets are
 * numbered under 金水区 410105: a prefix would give one district's officers the other's.)
 *
 * - An officer's area is their unit: none — the city centre's, the whole city; a district's; a street's.
 * - A department acts on what is dispatched to it, in the district it serves (none: city-wide).
 * - A grid worker acts on their own reports and tasks.
 * - Integrations (the hotline, the simulator) stand for source systems: city-wide.
 */

/** Where an object lies in the hierarchy: the district and street it belongs to. */
export interface Place {
  districtCode: string;
  streetCode: string;
}

/** Whether the principal is an officer of the city centre (the mode, the audit log, the whole city's broadcasts). */
export const isCityOfficer = (principal: Principal) => principal.role === 'officer' && principal.unit === null;

/**
 * An officer's area as the broadcast scopes speak of it (WorkerDirectory.allows, above, holds),
 * its level read from the hierarchy (`levelOf`, the directory's), never from the code's length.
 */
export function officerScopeOf(principal: Principal, levelOf: (code: string) => string | null): OfficerScope | null {
  if (principal.role !== 'officer') return null;
  if (principal.unit === null) return { level: 'city' };
  return { level: levelOf(principal.unit) === 'district' ? 'district' : 'street', code: principal.unit };
}

/** Whether an officer's (or a wall's) unit holds this place: the city centre's everywhere, a district's or a street's there. */
export function areaHolds(principal: Pick<Principal, 'unit'>, place: Place): boolean {
  return principal.unit === null || principal.unit === place.districtCode || principal.unit === place.streetCode;
}

/** Whether an event lies in an officer's area. */
export function inOfficersArea(principal: Principal, event: Pick<CityEvent, 'districtCode' | 'streetCode'>): boolean {
  return principal.role === 'officer' && areaHolds(principal, event);
}

/** Whether a department serves this district: a city-wide department (no unit) every district. */
export function servesDistrict(principal: Principal, districtCode: string): boolean {
  return principal.role === 'department' && (principal.unit === null || principal.unit === districtCode);
}

/** Whether an event is dispatched to a department account: its department is among the event's, in its district if it serves one. */
export function dispatchedTo(principal: Principal, event: Pick<CityEvent, 'dispatch' | 'districtCode'>): boolean {
  return !!principal.department && !!event.dispatch?.departments.includes(principal.department) && servesDistrict(principal, event.districtCode);
}

/** Whether a caller may act on this event at all (its steps, its photos, its tasks): an officer in their area, the department it is dispatched to, an integration; a grid worker on a report or task of their own. */
export function mayActOn(principal: Principal, event: Pick<CityEvent, 'dispatch' | 'districtCode' | 'streetCode' | 'reportedBy' | 'task'>): boolean {
  if (principal.role === 'officer') return inOfficersArea(principal, event);
  if (principal.role === 'department') return dispatchedTo(principal, event);
  if (principal.role === 'worker') return (!!event.reportedBy && event.reportedBy === principal.username) || event.task?.worker === principal.username;
  return principal.role === 'integration';
}

/**
 * Whether a caller may see who reported an event, how to reach them, and its photos: the officers
 * whose area holds it, the departments it is dispatched to, integrations — nobody else.
 */
export function mayReadContacts(principal: Principal | undefined, event: Pick<CityEvent, 'dispatch' | 'districtCode' | 'streetCode' | 'reportedBy' | 'task'>): boolean {
  // Those who may act on it, but a grid worker: their own report or task is no reason to see a citizen's phone.
  return principal !== undefined && principal.role !== 'worker' && mayActOn(principal, event);
}

/**
 * An event as this caller may see it. Those who may not read its contacts get it with no reporter,
 * no photo links, and its description and address redacted as public Open311 redacts them: a
 * reporter's phone number appears nowhere in the answer.
 */
export function eventShownTo(event: CityEvent, principal: Principal | undefined): CityEvent {
  if (mayReadContacts(principal, event)) return event;
  return { ...event, reporter: null, mediaUrls: [], description: redactContacts(event.description), address: event.address === null ? null : redactContacts(event.address) };
}

/** Whether an officer may read a 三跨 case: the city centre's every case; others one with an event in their area. */
export function mayReadCase(principal: Principal, c: Pick<CrossCase, 'districtCodes' | 'streetCodes'>): boolean {
  if (principal.role !== 'officer') return false;
  return principal.unit === null || c.districtCodes.includes(principal.unit) || c.streetCodes.includes(principal.unit);
}

/**
 * Whether an officer may act on a case (meetings, closing it): only one whose area holds every
 * event of it — a case spanning districts is the city centre's, as it is the city centre's to open.
 */
export function mayActOnCase(principal: Principal, c: Pick<CrossCase, 'districtCodes' | 'streetCodes'>): boolean {
  if (principal.role !== 'officer') return false;
  if (principal.unit === null) return true;
  return c.districtCodes.every((d) => d === principal.unit) || c.streetCodes.every((s) => s === principal.unit);
}

/** The roster's view of where a worker belongs, by index (WorkerDirectory). */
export interface WorkerPlaces {
  indexOf(id: string): number;
  placeOf(index: number): Place & { gridCode: string };
}

/** Whether a caller may see a grid worker's person, track and record: the worker themself, and the officers (and walls) whose area holds them. */
export function mayWatchWorker(principal: Principal, workers: WorkerPlaces, index: number): boolean {
  if (principal.role === 'worker') return workers.indexOf(principal.username) === index;
  if (principal.role !== 'officer' && principal.role !== 'wall') return false;
  return areaHolds(principal, workers.placeOf(index));
}

/**
 * Whether an event may be given to this worker: one of the event's own grid, or one the officer's
 * area holds (a department or an integration: the event's district).
 */
export function mayTaskWorker(principal: Principal, event: Pick<CityEvent, 'gridCode' | 'districtCode' | 'streetCode'>, workers: WorkerPlaces, index: number): boolean {
  const place = workers.placeOf(index);
  if (place.gridCode === event.gridCode) return true;
  if (principal.role === 'officer') return areaHolds(principal, place);
  return place.districtCode === event.districtCode;
}
