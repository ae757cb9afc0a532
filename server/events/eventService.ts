import { type CityEvent, type EventReport, type Transition } from '../../common/domain/eventRecords.ts';
import { canTransition, type EventState } from '../../common/domain/events.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { beijingDayStartMs } from '../domain/beijingDay.ts';
import { DuplicateIndex } from '../domain/duplicates.ts';
import { route } from '../domain/routing.ts';
import { escalationAt, type SlaTargets } from '../domain/sla.ts';
import { TodayAggregates } from '../domain/todayStats.ts';
import { type EventRepository, type EventWrite, externalKey } from '../store/eventRepository.ts';
import { eventId } from '../store/sqliteEventRepository.ts';
import { NO_STORE_TIMER, type StoreTimer } from '../observability/metrics.ts';
import { WriteQueue } from '../store/writeQueue.ts';

export type IntakeOutcome = { status: 'created' | 'duplicate' | 'existing'; event: CityEvent };
export type CommandResult = { ok: true; event: CityEvent } | { ok: false; code: 404 | 409; error: string };

/** Thrown for a batch that cannot be taken as a whole; nothing of it is stored. */
export class IntakeRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const CLOSED: ReadonlySet<EventState> = new Set(['resolved', 'evaluated']);
/** The steps an accepted report takes at once: 受理 → 立案 → 派遣 (一键直派 within the minute). */
const AUTOMATIC_STEPS: EventState[] = ['accepted', 'filed', 'dispatched'];
const SYSTEM_ACTOR = 'system';
/** The next step towards 办结 from each open state, for events closed by their source. */
const TOWARDS_RESOLVED: Record<Exclude<EventState, 'resolved' | 'evaluated'>, EventState> = {
  reported: 'accepted',
  accepted: 'filed',
  filed: 'dispatched',
  dispatched: 'signed',
  signed: 'handling',
  handling: 'resolved',
  returned: 'dispatched',
  escalated: 'dispatched',
};

/**
 * The lifecycle of every event: intake, routing, transitions, evaluation and SLA escalation.
 * Today's events and every open one are held in memory; the repository is the record, written
 * through the group-commit queue. Listeners hear of a change only once it is committed.
 */
export class EventService {
  private readonly events = new Map<string, CityEvent>();
  private readonly duplicates = new DuplicateIndex();
  readonly aggregates: TodayAggregates;
  private readonly queue: WriteQueue;
  private sequence: number;
  private readonly listeners = new Set<(event: CityEvent) => void>();
  private readonly createdListeners = new Set<(event: CityEvent) => void>();
  private newestCommitted: string | null = null;
  /**
   * Events created with an external key whose commit is still under way, by key: a retry that
   * arrives meanwhile (a hotline system timing out and sending again) finds the event here, not
   * in a store that does not have it yet, and answers once the first commit is on disk.
   */
  private readonly inFlight = new Map<string, { event: CityEvent; committed: Promise<void> }>();

  constructor(
    private readonly geo: CityGeography,
    private readonly repository: EventRepository,
    private readonly clock: () => number,
    private sla: SlaTargets,
    onStoreFailure: (error: Error) => void,
    storeTimer: StoreTimer = NO_STORE_TIMER,
  ) {
    this.queue = new WriteQueue(repository, onStoreFailure, storeTimer);
    this.sequence = repository.maxSequence();
    this.newestCommitted = this.sequence > 0 ? eventId(this.sequence) : null;
    const now = clock();
    this.aggregates = new TodayAggregates(now);
    for (const event of repository.loadWorkingSet(beijingDayStartMs(now))) this.remember(null, event);
  }

  /** Event writes waiting for their commit. */
  get writeBacklog(): number {
    return this.queue.backlog;
  }

  onChange(listener: (event: CityEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called once per new event, after its commit (before the change listeners). */
  onCreated(listener: (event: CityEvent) => void): void {
    this.createdListeners.add(listener);
  }

  get(id: string): CityEvent | null {
    return this.events.get(id) ?? this.repository.get(id);
  }

  /** Stored events, newest first, optionally by state or since a time. */
  list(query: { limit: number; offset: number; state?: EventState; sinceMs?: number }): CityEvent[] {
    return this.repository.list(query);
  }

  history(id: string): Transition[] {
    return this.repository.transitionsOf(id);
  }

  /** The open events and today's, newest first. */
  recent(limit: number): CityEvent[] {
    return [...this.events.values()].sort((a, b) => b.receivedAtMs - a.receivedAtMs).slice(0, limit);
  }

  /**
   * Takes a batch of reports: all located and stored, or none (IntakeRejected). A report whose
   * channel and external id were seen before returns the earlier event unchanged.
   */
  async report(reports: readonly EventReport[]): Promise<IntakeOutcome[]> {
    const now = this.clock();
    const located = reports.map((report, i) => {
      const path = this.geo.locate(report.location.lng, report.location.lat);
      if (!path) throw new IntakeRejected(reports.length > 1 ? `[${i}].location` : 'location', `(${report.location.lng}, ${report.location.lat}) is outside ${this.geo.city.name}`);
      return path;
    });
    const outcomes: IntakeOutcome[] = [];
    const writes: EventWrite[] = [];
    const seenInBatch = new Map<string, CityEvent>();
    /** Commits of other requests this answer must wait for: their events are this one's answers. */
    const awaited = new Set<Promise<void>>();
    reports.forEach((report, i) => {
      const key = report.externalId === undefined ? null : externalKey(report.channel, report.externalId);
      const pending = key ? this.inFlight.get(key) : undefined;
      if (pending) awaited.add(pending.committed);
      const existing = key ? (seenInBatch.get(key) ?? pending?.event ?? this.findByKey(key)) : null;
      if (existing) return outcomes.push({ status: 'existing', event: existing });
      const path = located[i]!;
      const duplicateOf = this.duplicates.find(report.category, report.location.lng, report.location.lat, report.reportedAtMs ?? now);
      const base: CityEvent = {
        id: eventId(++this.sequence),
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
        reportedAtMs: report.reportedAtMs ?? now,
        receivedAtMs: now,
        dispatchedAtMs: null,
        signedAtMs: null,
        resolvedAtMs: null,
        satisfied: null,
        escalation: null,
        mediaUrls: report.mediaUrls,
      };
      const transitions: Transition[] = [{ eventId: base.id, from: null, to: 'reported', actor: `channel:${report.channel}`, atMs: now, note: duplicateOf ? `duplicate of ${duplicateOf}` : null }];
      let event = base;
      if (!duplicateOf) {
        for (const to of AUTOMATIC_STEPS) {
          transitions.push({ eventId: event.id, from: event.state, to, actor: SYSTEM_ACTOR, atMs: now, note: null });
          event = { ...event, state: to };
        }
        event = { ...event, dispatch: route(report.category, report.spansJurisdictions), dispatchedAtMs: now };
      }
      if (key) seenInBatch.set(key, event);
      this.remember(null, event);
      writes.push({ event, isNew: true, transitions });
      outcomes.push({ status: duplicateOf ? 'duplicate' : 'created', event });
    });
    const committed = this.commit(writes);
    for (const key of seenInBatch.keys()) this.inFlight.set(key, { event: seenInBatch.get(key)!, committed });
    try {
      await Promise.all([committed, ...awaited]);
    } finally {
      for (const key of seenInBatch.keys()) if (this.inFlight.get(key)?.committed === committed) this.inFlight.delete(key);
    }
    return outcomes;
  }

  private findByKey(key: string): CityEvent | null {
    const stored = this.repository.findByExternalKey(key);
    return stored ? (this.events.get(stored.id) ?? stored) : null;
  }

  /** Moves an event along its lifecycle; an illegal step is refused (409) and changes nothing. */
  async transition(id: string, to: EventState, actor: string, note: string | null): Promise<CommandResult> {
    const event = this.get(id);
    if (!event) return { ok: false, code: 404, error: `no event ${id}` };
    if (event.duplicateOf) return { ok: false, code: 409, error: `${id} is a duplicate of ${event.duplicateOf}; act on that one` };
    if (to === 'evaluated') return { ok: false, code: 409, error: 'evaluation goes through /evaluation, with the citizen’s verdict' };
    if (!canTransition(event.state, to)) return { ok: false, code: 409, error: `cannot go from ${event.state} to ${to}` };
    const now = this.clock();
    const next: CityEvent = {
      ...event,
      state: to,
      signedAtMs: to === 'signed' ? now : event.signedAtMs,
      resolvedAtMs: to === 'resolved' ? now : event.resolvedAtMs,
      dispatchedAtMs: to === 'dispatched' ? now : event.dispatchedAtMs,
      escalation: to === 'dispatched' || CLOSED.has(to) ? null : event.escalation,
    };
    return this.change(event, next, { eventId: id, from: event.state, to, actor, atMs: now, note });
  }

  /** The citizen's verdict on a resolved event (满意 / 不满意). */
  async evaluate(id: string, satisfied: boolean, actor: string, comment: string | null): Promise<CommandResult> {
    const event = this.get(id);
    if (!event) return { ok: false, code: 404, error: `no event ${id}` };
    if (event.state !== 'resolved') return { ok: false, code: 409, error: `only a resolved event can be evaluated; ${id} is ${event.state}` };
    const now = this.clock();
    const next: CityEvent = { ...event, state: 'evaluated', satisfied };
    return this.change(event, next, { eventId: id, from: event.state, to: 'evaluated', actor, atMs: now, note: comment ?? (satisfied ? '满意' : '不满意') });
  }

  /** New SLA targets (the operating mode changed); the next sweep judges every open event by them. */
  setSla(targets: SlaTargets): void {
    this.sla = targets;
  }

  /** The open events (any day) that satisfy a test, e.g. the alerts a sensor has raised. */
  openEvents(test: (event: CityEvent) => boolean): CityEvent[] {
    return [...this.events.values()].filter((e) => !CLOSED.has(e.state) && !e.duplicateOf && test(e));
  }

  /**
   * Closes an event whose cause has gone away (a sensor back to normal): it is walked along the
   * lifecycle to 办结 in one commit, each step recorded with the actor and note. A duplicate or
   * an already closed event is left as it is.
   */
  async resolveAutomatically(id: string, actor: string, note: string): Promise<CommandResult> {
    const event = this.get(id);
    if (!event) return { ok: false, code: 404, error: `no event ${id}` };
    if (event.duplicateOf || CLOSED.has(event.state)) return { ok: true, event };
    const now = this.clock();
    const transitions: Transition[] = [];
    let next = event;
    while (next.state !== 'resolved') {
      const to = TOWARDS_RESOLVED[next.state as keyof typeof TOWARDS_RESOLVED];
      transitions.push({ eventId: id, from: next.state, to, actor, atMs: now, note });
      next = { ...next, state: to, signedAtMs: to === 'signed' ? now : next.signedAtMs, dispatchedAtMs: to === 'dispatched' ? now : next.dispatchedAtMs };
    }
    next = { ...next, resolvedAtMs: now, escalation: null };
    this.remember(event, next);
    await this.commit([{ event: next, isNew: false, transitions }]);
    return { ok: true, event: next };
  }

  /** Raises or records escalations whose clocks have run out; called every SLA sweep. */
  async sweep(): Promise<number> {
    const now = this.clock();
    if (this.aggregates.rollOver(now)) this.forgetClosedBefore(beijingDayStartMs(now));
    const writes: EventWrite[] = [];
    const changed: CityEvent[] = [];
    for (const event of this.events.values()) {
      const escalation = escalationAt(event, now, this.sla);
      if (escalation === event.escalation || escalation === null) continue;
      const next = { ...event, escalation };
      this.remember(event, next);
      changed.push(next);
      writes.push({ event: next, isNew: false, transitions: [] });
    }
    if (writes.length) await this.commit(writes, changed);
    return writes.length;
  }

  private async change(before: CityEvent, after: CityEvent, transition: Transition): Promise<CommandResult> {
    this.remember(before, after);
    await this.commit([{ event: after, isNew: false, transitions: [transition] }]);
    return { ok: true, event: after };
  }

  private remember(before: CityEvent | null, after: CityEvent): void {
    this.events.set(after.id, after);
    this.aggregates.apply(before, after);
    const open = !CLOSED.has(after.state) && !after.duplicateOf;
    if (!before && open) this.duplicates.add(after.category, { id: after.id, lng: after.lng, lat: after.lat, atMs: after.reportedAtMs });
    if (before && !CLOSED.has(before.state) && !open) this.duplicates.remove(after.category, after);
  }

  /** The newest event on disk. Ids are issued in order and the queue commits in order. */
  get newestCommittedId(): string | null {
    return this.newestCommitted;
  }

  private async commit(writes: EventWrite[], events = writes.map((w) => w.event)): Promise<void> {
    if (writes.length === 0) return;
    await this.queue.enqueue(writes);
    for (const w of writes) {
      if (!w.isNew) continue;
      if (this.newestCommitted === null || w.event.id > this.newestCommitted) this.newestCommitted = w.event.id;
      for (const listener of this.createdListeners) listener(w.event);
    }
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  /** After midnight, closed events of earlier days leave memory (they stay in the store). */
  private forgetClosedBefore(dayStartMs: number): void {
    for (const [id, event] of this.events) if (event.receivedAtMs < dayStartMs && (CLOSED.has(event.state) || event.duplicateOf)) this.events.delete(id);
  }
}
