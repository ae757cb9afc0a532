import type { CityEvent, IntakeReport, Transition } from '../../common/domain/eventRecords.ts';
import type { EventState } from '../../common/domain/events.ts';
import type { GridPath } from '../../common/domain/geo.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { route } from './routing.ts';

/** The steps an accepted report takes at once: 受理 → 立案 → 派遣 (一键直派 within the minute). */
const AUTOMATIC_STEPS: EventState[] = ['accepted', 'filed', 'dispatched'];
export const SYSTEM_ACTOR = 'system';

/**
 * A report filed as a new event (version 1) with the transitions that led there: routed to its
 * category's departments at once when `dispatchNow` (一键直派), else left reported for the
 * officer's desk; a report that duplicates an open event is linked to that one and is nobody's
 * job of its own.
 */
export function newEventOf(
  report: IntakeReport,
  path: GridPath,
  id: string,
  nowMs: number,
  duplicateOf: string | null,
  services: ServiceCatalogue,
  dispatchNow = true,
): { event: CityEvent; transitions: Transition[] } {
  let event: CityEvent = {
    id,
    externalId: report.externalId ?? null,
    channel: report.channel,
    category: report.category,
    description: report.description,
    address: report.location.address ?? null,
    lng: report.location.lng,
    lat: report.location.lat,
    districtCode: path.district.code,
    streetCode: path.street.code,
    communityCode: path.community.code,
    gridCode: path.grid.code,
    state: 'reported',
    duplicateOf,
    dispatch: null,
    reportedAtMs: report.reportedAtMs ?? nowMs,
    receivedAtMs: nowMs,
    dispatchedAtMs: null,
    signedAtMs: null,
    resolvedAtMs: null,
    satisfied: null,
    escalation: null,
    mediaUrls: report.mediaUrls,
    spansJurisdictions: report.spansJurisdictions,
    reportedBy: report.reportedBy ?? null,
    reporter: report.reporter.name || report.reporter.phone ? { name: report.reporter.name ?? null, phone: report.reporter.phone ?? null } : null,
    version: 1,
  };
  const transitions: Transition[] = [
    { eventId: id, from: null, to: 'reported', actor: report.reportedBy ?? `channel:${report.channel}`, atMs: nowMs, note: duplicateOf ? `duplicate of ${duplicateOf}` : null },
  ];
  if (duplicateOf || !dispatchNow) return { event, transitions };
  for (const to of AUTOMATIC_STEPS) {
    transitions.push({ eventId: id, from: event.state, to, actor: SYSTEM_ACTOR, atMs: nowMs, note: null });
    event = { ...event, state: to };
  }
  return { event: { ...event, dispatch: route(services, report.category, event.districtCode, report.spansJurisdictions), dispatchedAtMs: nowMs }, transitions };
}
