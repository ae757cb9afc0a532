import { randomBytes } from 'node:crypto';
import type { Principal } from '../../common/domain/auth.ts';
import { type CaseSummary, caseSummary, type CrossCase, type OpenCaseCommand } from '../../common/domain/cases.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { beijingDayStartMs } from '../time/beijingDay.ts';
import { inOfficersArea, mayActOnCase, mayReadCase } from '../auth/areaPolicy.ts';
import type { EventService } from '../events/eventService.ts';
import { CaseConflict, type CaseRepository } from '../store/caseRepository.ts';
import type { DomainNow } from '../time/domainClock.ts';

export type CaseResult = { ok: true; case: CrossCase } | { ok: false; code: 400 | 403 | 404 | 409; error: string; field?: string; current?: CrossCase };

/** A case id: CS, the Beijing date it was opened, and 6 random characters (CS20261202-K3F9QZ). */
function caseId(nowMs: number): string {
  const day = new Date(beijingDayStartMs(nowMs) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `CS${day}-${randomBytes(4).toString('base64url').slice(0, 6).toUpperCase()}`;
}

/**
 * 三跨 cases: opened by an officer from events in their area that span jurisdictions (a case of
 * events in several districts is the city centre's to open), joint meetings recorded on it, then
 * closed with its resolution. Each change is written against the version it was read at.
 */
export class CaseService {
  constructor(
    private readonly repository: CaseRepository,
    private readonly events: EventService,
    private readonly clock: DomainNow,
  ) {}

  async open(principal: Principal, command: OpenCaseCommand): Promise<CaseResult> {
    const found: CityEvent[] = [];
    for (const id of command.eventIds) {
      const event = await this.events.get(id);
      if (!event) return { ok: false, code: 400, error: `eventIds: no event ${id}`, field: 'eventIds' };
      if (!inOfficersArea(principal, event)) return { ok: false, code: 403, error: `${id} lies outside your area (${principal.unit}): a case spanning it is opened above you` };
      found.push(event);
    }
    const unknown = this.events.services.unknown(command.departments);
    if (unknown.length) return { ok: false, code: 400, error: `departments: the city has no department ${unknown.join(', ')}`, field: 'departments' };
    const now = this.clock();
    const opened: CrossCase = {
      id: caseId(now),
      title: command.title,
      kinds: command.kinds,
      eventIds: command.eventIds,
      departments: command.departments.length ? command.departments : [...new Set(found.flatMap((e) => e.dispatch?.departments ?? this.events.services.departmentsFor(e.category, e.districtCode)))],
      districtCodes: [...new Set(found.map((e) => e.districtCode))],
      streetCodes: [...new Set(found.map((e) => e.streetCode))],
      state: 'open',
      openedBy: principal.username,
      openedAtMs: now,
      closedBy: null,
      closedAtMs: null,
      resolution: null,
      meetings: [],
      version: 1,
    };
    await this.repository.insert(opened);
    return { ok: true, case: opened };
  }

  /** The cases an officer may see, newest first (at most `limit`), and the summary over all of them. */
  async list(principal: Principal, state: CrossCase['state'] | undefined, limit: number): Promise<{ cases: CrossCase[]; summary: CaseSummary }> {
    const visible = (await this.repository.all()).filter((c) => mayReadCase(principal, c));
    return { cases: visible.filter((c) => !state || c.state === state).slice(0, limit), summary: caseSummary(visible) };
  }

  async get(principal: Principal, id: string): Promise<CaseResult> {
    const found = await this.repository.get(id);
    if (!found || !mayReadCase(principal, found)) return { ok: false, code: 404, error: `no case ${id}` };
    return { ok: true, case: found };
  }

  /** 联席会议: a meeting held on an open case — when, who took part, what was decided. */
  meeting(principal: Principal, id: string, meeting: { atMs: number; participants: string[]; decisions: string }): Promise<CaseResult> {
    return this.change(principal, id, (c, now) => ({ ...c, meetings: [...c.meetings, { ...meeting, recordedBy: principal.username, recordedAtMs: now }] }));
  }

  /** Closes an open case with its resolution. */
  close(principal: Principal, id: string, resolution: string): Promise<CaseResult> {
    return this.change(principal, id, (c, now) => ({ ...c, state: 'closed', closedBy: principal.username, closedAtMs: now, resolution }));
  }

  private async change(principal: Principal, id: string, next: (c: CrossCase, nowMs: number) => CrossCase): Promise<CaseResult> {
    const read = await this.get(principal, id);
    if (!read.ok) return read;
    if (!mayActOnCase(principal, read.case)) return { ok: false, code: 403, error: `${id} spans more than your area (${principal.unit}): it is for the officers above you` };
    if (read.case.state === 'closed') return { ok: false, code: 409, error: `${id} is closed`, current: read.case };
    const changed = { ...next(read.case, this.clock()), version: read.case.version + 1 };
    try {
      await this.repository.update(changed);
    } catch (error) {
      if (!(error instanceof CaseConflict)) throw error;
      const current = (await this.repository.get(id)) ?? undefined;
      return { ok: false, code: 409, error: `${id} was changed meanwhile: look again and retry`, current };
    }
    return { ok: true, case: changed };
  }
}
