import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import type { EscalatedItem, TodayStats } from '../../common/domain/stats.ts';
import { beijingDayStartMs, beijingHour } from '../time/beijingDay.ts';
import { DispatchStatusBoard } from './dispatchStatus.ts';

/** Sign-in times in 5-second buckets up to 4 hours; later ones share the last bucket. */
const SIGN_IN_BUCKET_MS = 5_000;
const SIGN_IN_BUCKETS = (4 * 3_600_000) / SIGN_IN_BUCKET_MS;
const ESCALATED_SHOWN = 10;

const isClosed = (e: CityEvent) => CLOSED_STATES.has(e.state);

/**
 * Today's aggregates, kept incrementally: each change of an event adjusts the counters by what it
 * was and what it is now, so reading the figures costs the same at 10 events or 10 million.
 */
export class TodayAggregates {
  private stats!: Omit<TodayStats, 'asOfMs' | 'completionRate' | 'satisfactionRate' | 'signIn' | 'escalated' | 'escalatedCount' | 'dispatch' | 'field'>;
  private field: TodayStats['field'] = { reports: 0, verified: 0, byDistrict: {} };
  private readonly dispatch = new DispatchStatusBoard();
  /** Open events of any day, for the dispatch status carried over midnight. */
  private readonly openById = new Map<string, CityEvent>();
  private signInHistogram = new Uint32Array(SIGN_IN_BUCKETS);
  private signInSumMs = 0;
  private signInCount = 0;
  /** Open escalated events of any day, by id. */
  private readonly escalatedOpen = new Map<string, EscalatedItem>();

  constructor(nowMs: number) {
    this.reset(beijingDayStartMs(nowMs));
  }

  private reset(dayStartMs: number): void {
    this.stats = { dayStartMs, total: 0, duplicates: 0, open: 0, closed: 0, evaluated: 0, satisfied: 0, byChannel: {}, byCategory: {}, byDistrict: {}, byHour: new Array(24).fill(0), byState: {} };
    this.signInHistogram.fill(0);
    this.signInSumMs = 0;
    this.signInCount = 0;
    this.field = { reports: 0, verified: 0, byDistrict: {} };
    this.dispatch.reset(dayStartMs, this.openById?.values() ?? []);
  }

  /** Starts a new day when the clock passes Beijing midnight (or is set back past one). Returns true when it did. */
  rollOver(nowMs: number): boolean {
    const day = beijingDayStartMs(nowMs);
    if (day === this.stats.dayStartMs) return false;
    this.reset(day);
    return true;
  }

  /** Applies one event's change: `before` is null for a new event. */
  apply(before: CityEvent | null, after: CityEvent): void {
    // An event of a later day turns the day over now, not at the next sweep: counted in the day
    // before, its next change would take from figures that had since been emptied.
    const eventDay = beijingDayStartMs(after.receivedAtMs);
    if (eventDay > this.stats.dayStartMs) this.reset(eventDay);
    this.trackEscalation(after);
    this.dispatch.apply(before, after);
    this.countFieldWork(before, after);
    if (isClosed(after) || after.duplicateOf) this.openById.delete(after.id);
    else this.openById.set(after.id, after);
    if (after.receivedAtMs < this.stats.dayStartMs) return;
    const s = this.stats;
    if (after.duplicateOf) {
      if (!before) s.duplicates++;
      return;
    }
    if (!before) {
      s.total++;
      s.byChannel[after.channel] = (s.byChannel[after.channel] ?? 0) + 1;
      s.byCategory[after.category] = (s.byCategory[after.category] ?? 0) + 1;
      s.byHour[beijingHour(after.receivedAtMs)]!++;
      const district = (s.byDistrict[after.districtCode] ??= { total: 0, open: 0, closed: 0 });
      district.total++;
    } else s.byState[before.state]! -= 1;
    s.byState[after.state] = (s.byState[after.state] ?? 0) + 1;

    const wasClosed = before ? isClosed(before) : null;
    const nowClosed = isClosed(after);
    if (wasClosed !== nowClosed) {
      const district = s.byDistrict[after.districtCode]!;
      if (wasClosed === false) {
        s.open--;
        district.open--;
      } else if (wasClosed === true) {
        s.closed--;
        district.closed--;
      }
      if (nowClosed) {
        s.closed++;
        district.closed++;
      } else {
        s.open++;
        district.open++;
      }
    }
    if (after.signedAtMs !== null && before?.signedAtMs == null && after.dispatchedAtMs !== null) {
      const ms = after.signedAtMs - after.dispatchedAtMs;
      this.signInHistogram[Math.min(SIGN_IN_BUCKETS - 1, Math.floor(ms / SIGN_IN_BUCKET_MS))]!++;
      this.signInSumMs += ms;
      this.signInCount++;
    }
    if (after.satisfied !== null && before?.satisfied == null) {
      s.evaluated++;
      if (after.satisfied) s.satisfied++;
    }
  }

  /** A worker's report (counted when new, on its day) and a verification done today (any day's event). */
  private countFieldWork(before: CityEvent | null, after: CityEvent): void {
    const f = this.field;
    const district = () => (f.byDistrict[after.districtCode] ??= { reports: 0, verified: 0 });
    if (!before && after.reportedBy && after.receivedAtMs >= this.stats.dayStartMs) f.reports++, district().reports++;
    const task = after.task;
    if (task?.kind === 'verify' && task.completedAtMs !== null && task.completedAtMs >= this.stats.dayStartMs && (before?.task?.completedAtMs ?? null) === null) f.verified++, district().verified++;
  }

  private trackEscalation(event: CityEvent): void {
    if (event.escalation && !isClosed(event) && !event.duplicateOf)
      this.escalatedOpen.set(event.id, {
        id: event.id,
        category: event.category,
        districtCode: event.districtCode,
        streetCode: event.streetCode,
        level: event.escalation.level,
        reason: event.escalation.reason,
        atMs: event.escalation.atMs,
      });
    else this.escalatedOpen.delete(event.id);
  }

  private signInP90Ms(): number {
    if (this.signInCount === 0) return 0;
    const rank = Math.ceil(this.signInCount * 0.9);
    let seen = 0;
    for (let b = 0; b < SIGN_IN_BUCKETS; b++) if ((seen += this.signInHistogram[b]!) >= rank) return (b + 1) * SIGN_IN_BUCKET_MS;
    return SIGN_IN_BUCKETS * SIGN_IN_BUCKET_MS;
  }

  snapshot(nowMs: number): TodayStats {
    const s = this.stats;
    const escalated = [...this.escalatedOpen.values()].sort((a, b) => b.atMs - a.atMs).slice(0, ESCALATED_SHOWN);
    return structuredClone({
      ...s,
      asOfMs: nowMs,
      completionRate: s.total === 0 ? 1 : s.closed / s.total,
      satisfactionRate: s.evaluated === 0 ? null : s.satisfied / s.evaluated,
      signIn: { count: this.signInCount, meanMs: this.signInCount ? Math.round(this.signInSumMs / this.signInCount) : 0, p90Ms: this.signInP90Ms() },
      escalatedCount: this.escalatedOpen.size,
      escalated,
      dispatch: this.dispatch.snapshot(),
      field: this.field,
    });
  }
}
