import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES, type EventState } from '../../common/domain/events.ts';
import type { DispatchStatusRow, DispatchStatus } from '../../common/domain/stats.ts';

/** The states in which a department holds an event: on its desk, to sign, handle or resolve. */
const HELD: ReadonlySet<EventState> = new Set(['dispatched', 'escalated', 'signed', 'handling']);

type Counters = Omit<DispatchStatusRow, 'code' | 'signInMeanMs' | 'onTimeRate'> & { signInSumMs: number; judged: number; onTime: number };
const zero = (): Counters => ({ backlog: 0, signIns: 0, signInSumMs: 0, resolved: 0, judged: 0, onTime: 0, whistlesOutstanding: 0, returns: 0 });

/** Who holds a dispatched event: its lead department, or its first. */
export const holderOf = (e: CityEvent): string | null => e.dispatch?.lead ?? e.dispatch?.departments[0] ?? null;

/**
 * 派遣处置态势 for the wall, per department and per district, kept incrementally like today's
 * figures: the backlog each holds now (open events of any day dispatched to it), today's sign-ins
 * and their mean time (签收, by the holder), today's resolutions and the share on time (resolved
 * without ever being escalated), whistles outstanding (departments summoned and not reported in,
 * on open events), and today's returns (by the department that returned it).
 */
export class DispatchStatusBoard {
  private byDepartment = new Map<string, Counters>();
  private byDistrict = new Map<string, Counters>();
  private dayStartMs = 0;

  reset(dayStartMs: number, open: Iterable<CityEvent> = []): void {
    this.byDepartment = new Map();
    this.byDistrict = new Map();
    this.dayStartMs = dayStartMs;
    // What is held now carries over midnight; today's counts start again.
    for (const e of open) this.standing(e, 1);
  }

  apply(before: CityEvent | null, after: CityEvent): void {
    if (before) this.standing(before, -1);
    this.standing(after, 1);
    if (after.duplicateOf) return;
    const holder = holderOf(after);
    const today = (ms: number | null) => ms !== null && ms >= this.dayStartMs;
    if (holder && today(after.signedAtMs) && before?.signedAtMs == null && after.dispatchedAtMs !== null) {
      const ms = after.signedAtMs! - after.dispatchedAtMs;
      this.add(holder, after.districtCode, (c) => ((c.signIns += 1), (c.signInSumMs += ms)));
    }
    if (holder && CLOSED_STATES.has(after.state) && today(after.resolvedAtMs) && (before === null || !CLOSED_STATES.has(before.state))) {
      // Judged only when seen live: an event read back from the store no longer shows whether it was escalated.
      this.add(holder, after.districtCode, (c) => ((c.resolved += 1), before && ((c.judged += 1), (c.onTime += before.escalation ? 0 : 1))));
    }
    if (before && before.state !== 'returned' && after.state === 'returned') {
      const returner = holderOf(before);
      if (returner) this.add(returner, after.districtCode, (c) => (c.returns += 1));
    }
  }

  /** What an event counts for now (backlog, whistles outstanding): added with +1, taken away with −1. */
  private standing(e: CityEvent, sign: 1 | -1): void {
    if (e.duplicateOf || CLOSED_STATES.has(e.state)) return;
    if (e.dispatch && HELD.has(e.state)) for (const d of e.dispatch.departments) this.add(d, null, (c) => (c.backlog += sign));
    if (e.dispatch && HELD.has(e.state)) this.add(null, e.districtCode, (c) => (c.backlog += sign));
    for (const w of e.whistle?.departments ?? []) if (w.reportedInAtMs === null) this.add(w.code, e.districtCode, (c) => (c.whistlesOutstanding += sign));
  }

  private add(department: string | null, district: string | null, change: (c: Counters) => unknown): void {
    if (department !== null) {
      let c = this.byDepartment.get(department);
      if (!c) this.byDepartment.set(department, (c = zero()));
      change(c);
    }
    if (district !== null) {
      let c = this.byDistrict.get(district);
      if (!c) this.byDistrict.set(district, (c = zero()));
      change(c);
    }
  }

  snapshot(): DispatchStatus {
    const rows = (m: Map<string, Counters>): DispatchStatusRow[] =>
      [...m]
        .map(([code, c]) => ({
          code,
          backlog: c.backlog,
          signIns: c.signIns,
          signInMeanMs: c.signIns ? Math.round(c.signInSumMs / c.signIns) : null,
          resolved: c.resolved,
          onTimeRate: c.judged ? c.onTime / c.judged : null,
          whistlesOutstanding: c.whistlesOutstanding,
          returns: c.returns,
        }))
        .filter((r) => r.backlog || r.signIns || r.resolved || r.whistlesOutstanding || r.returns)
        .sort((a, b) => b.backlog - a.backlog || a.code.localeCompare(b.code));
    return { byDepartment: rows(this.byDepartment), byDistrict: rows(this.byDistrict) };
  }
}
