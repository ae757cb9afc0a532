import type { Principal } from '../../common/domain/auth.ts';
import { changeTypeOf, type EventChange } from '../../common/domain/eventChanges.ts';
import { type CityEvent, type IntakeReport, type Transition, type TransitionCommand } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES, canTransition, type EventState } from '../../common/domain/events.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { beijingDayStartMs } from '../time/beijingDay.ts';
import { DuplicateIndex } from './duplicates.ts';
import { walkToResolved } from './autoResolve.ts';
import { newEventOf } from './newEvent.ts';
import { dispatchOf, stepRefusal } from './transitionRules.ts';
import { mayActOn } from '../auth/areaPolicy.ts';
import { type AutoDispatchSetting, autoDispatchPolicy, dispatchesAtIntake } from './routing.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import type { Category } from '../../common/domain/categories.ts';
import { escalationAt, type SlaTargets } from './sla.ts';
import { TodayAggregates } from './todayStats.ts';
import { eventId, type EventListQuery, type EventRepository, type EventSearch, type EventWrite, externalKey, StoreConflict, VersionConflict } from '../store/eventRepository.ts';
import { NO_STORE_TIMER, type StoreTimer } from '../observability/metrics.ts';
import { WriteQueue } from '../store/writeQueue.ts';
import { SequenceBlock } from './sequenceBlock.ts';
import { mergeOn } from './mergeCommands.ts';
import type { CommandPlan, CommandResult } from './commands.ts';
import type { DomainNow } from '../time/domainClock.ts';
import { type IntakeOutcome, IntakeRejected } from './intake.ts';
import { EventListeners } from './eventListeners.ts';
import { writeEventExport } from './eventExport.ts';
import type { Writable } from 'node:stream';

/** A person's action is planned again at most this many times when only bookkeeping changed under it. */
const MAX_BOOKKEEPING_RETRIES = 3;
/** Sequence numbers reserved from the store at a time. */
const SEQUENCE_BLOCK = 500;
/** What the event service is opened with. */
export interface EventServiceOptions {
  geo: CityGeography;
  repository: EventRepository;
  clock: DomainNow;
  sla: SlaTargets;
  onStoreFailure: (error: Error) => void;
  storeTimer?: StoreTimer;
  /** The city's departments and who handles each category. */
  services: ServiceCatalogue;
  /** The categories dispatched at intake (一键直派); the rest wait on the officer's desk. */
  autoDispatch?: AutoDispatchSetting;
}

/**
 * The lifecycle of every event: intake, routing, transitions, evaluation and SLA escalation.
 * The store is the truth: sequence numbers come from it, each change is written against the
 * version it was read at (a writer that lost the race gets 409 with the event as it is now),
 * and duplicates are looked for in it as well as among this process's reports in flight.
 * Today's events and every open one are kept in memory for the walls, updated only once a
 * change is committed; listeners hear of it then too.
 */
export class EventService {
  private readonly events = new Map<string, CityEvent>();
  /** Open events known to this process — committed, and new ones whose commit is under way. */
  private readonly duplicates = new DuplicateIndex();
  readonly aggregates: TodayAggregates;
  private readonly queue: WriteQueue;
  private readonly listeners = new EventListeners();
  private newestCommitted: string | null = null;
  /** The change feed's cursor up to which this process holds every event's change (catchUp). */
  private followedCursor = 0;
  /** The Beijing day (its start, ms) before which closed events were last forgotten. */
  private forgottenBeforeMs: number;
  /**
   * New events with an external key whose commit is still under way, by key: a retry that
   * arrives meanwhile (a hotline system timing out and sending again) waits for the first
   * commit and is answered with its event.
   */
  private readonly inFlight = new Map<string, Promise<CityEvent>>();
  private readonly sequences: SequenceBlock;
  private readonly geo: CityGeography;
  private readonly repository: EventRepository;
  private readonly clock: DomainNow;
  private sla: SlaTargets;
  private readonly autoDispatch: ReadonlySet<Category>;
  readonly services: ServiceCatalogue;

  private constructor({ geo, repository, clock, sla, onStoreFailure, storeTimer = NO_STORE_TIMER, services, autoDispatch = 'direct' }: EventServiceOptions) {
    this.geo = geo;
    this.repository = repository;
    this.clock = clock;
    this.sla = sla;
    this.services = services;
    this.autoDispatch = autoDispatchPolicy(autoDispatch, services);
    this.queue = new WriteQueue(repository, onStoreFailure, storeTimer);
    this.sequences = new SequenceBlock(repository, SEQUENCE_BLOCK);
    this.aggregates = new TodayAggregates(clock());
    this.forgottenBeforeMs = beijingDayStartMs(clock());
  }

  /** Opens the service on a store: today's events and every open one are read back, and today's figures rebuilt from them. */
  static async open(options: EventServiceOptions): Promise<EventService> {
    const { repository, clock } = options;
    const service = new EventService(options);
    const newest = await repository.newestSequence();
    service.newestCommitted = newest > 0 ? eventId(newest) : null;
    // Noted before the state is read: a node following the feed misses nothing committed meanwhile.
    service.followedCursor = await repository.newestChangeCursor();
    for (const event of await repository.loadWorkingSet(beijingDayStartMs(clock()))) service.remember(null, event);
    return service;
  }

  /** Event writes waiting for their commit. */
  get writeBacklog(): number {
    return this.queue.backlog;
  }

  /** How long the oldest event write not yet committed has waited, ms (0: none waits). */
  get oldestWriteWaitMs(): number {
    return this.queue.oldestWaitMs;
  }

  readonly onChange = this.listeners.onChange;
  readonly onCreated = this.listeners.onCreated;
  readonly onCommitted = this.listeners.onCommitted;

  /**
   * Events another node committed: each replaces ours when it is newer (by version), and the
   * listeners hear of it as of our own. Applying the same news twice, or late, changes nothing.
   */
  applyCommitted(events: readonly CityEvent[]): void {
    for (const event of events) {
      if (this.newestCommitted === null || event.id > this.newestCommitted) this.newestCommitted = event.id;
      this.refresh(event);
    }
  }

  /** An event: from memory when it is today's or open, else from the store. */
  async get(id: string): Promise<CityEvent | null> {
    return this.events.get(id) ?? (await this.repository.get(id));
  }

  /** Stored events, newest first, optionally by state or since a time. */
  list(query: EventListQuery & { state?: EventState }): Promise<CityEvent[]> {
    return this.repository.list(query);
  }

  /** Streams the events received in a period to `out` (events/eventExport.ts); how many it wrote. */
  exportTo(out: Writable, options: Parameters<typeof writeEventExport>[3]): Promise<number> {
    return writeEventExport(out, this.repository, this.services, options);
  }

  /** Events received in a period, newest first: Open311's search, over any range the store holds. */
  search(query: EventSearch): Promise<CityEvent[]> {
    return this.repository.search(query);
  }

  history(id: string): Promise<Transition[]> {
    return this.repository.transitionsOf(id);
  }

  /** The open events and today's (those that pass a test), newest first. */
  recent(limit: number, test: (event: CityEvent) => boolean = () => true): CityEvent[] {
    return [...this.events.values()]
      .filter(test)
      .sort((a, b) => b.receivedAtMs - a.receivedAtMs)
      .slice(0, limit);
  }

  /**
   * Takes a batch of reports: all located and stored, or none (IntakeRejected). A report whose
   * channel and external id were seen before — in this batch, in flight, or in the store —
   * returns the earlier event unchanged.
   */
  async report(reports: readonly IntakeReport[]): Promise<IntakeOutcome[]> {
    try {
      return await this.reportOnce(reports);
    } catch (error) {
      // Another process stored one of these keys between our look and our write: asked again,
      // the store now answers with its event.
      if (error instanceof StoreConflict && !(error instanceof VersionConflict) && reports.some((r) => r.externalId !== undefined)) return this.reportOnce(reports);
      throw error;
    }
  }

  private async reportOnce(reports: readonly IntakeReport[]): Promise<IntakeOutcome[]> {
    const now = this.clock();
    const located = reports.map((report, i) => {
      const path = this.geo.locate(report.location.lng, report.location.lat);
      if (!path) throw new IntakeRejected(reports.length > 1 ? `[${i}].location` : 'location', `(${report.location.lng}, ${report.location.lat}) is outside ${this.geo.city.name}`);
      return path;
    });
    const keys = reports.map((r) => (r.externalId === undefined ? null : externalKey(r.channel, r.externalId)));

    // Claimed at once, before any await: a retry racing this request finds its key in flight.
    const firstInBatch = new Map<string, number>();
    const elsewhere = new Map<number, Promise<CityEvent>>();
    const claimed: number[] = [];
    const settle = new Map<string, { resolve: (event: CityEvent) => void; reject: (error: unknown) => void }>();
    keys.forEach((key, i) => {
      if (key === null) return void claimed.push(i);
      if (firstInBatch.has(key)) return;
      firstInBatch.set(key, i);
      const pending = this.inFlight.get(key);
      if (pending) return void elsewhere.set(i, pending);
      claimed.push(i);
      const committed = new Promise<CityEvent>((resolve, reject) => settle.set(key, { resolve, reject }));
      committed.catch(() => {});
      this.inFlight.set(key, committed);
    });

    const created = new Map<number, CityEvent>();
    const stored = new Map<number, CityEvent>();
    try {
      // Seen by the store before (another process, or before a restart)? One lookup for the batch.
      const claimedKeys = claimed.flatMap((i) => (keys[i] ? [keys[i]!] : []));
      const storedByKey = claimedKeys.length ? await this.repository.findByExternalKeys(claimedKeys) : new Map<string, CityEvent>();
      for (const i of claimed) {
        const found = keys[i] ? storedByKey.get(keys[i]!) : undefined;
        if (found) stored.set(i, this.events.get(found.id) ?? found);
      }
      const fresh = claimed.filter((i) => !stored.has(i));
      // The store's duplicate candidates for the whole batch, in one question.
      const probes = fresh.map((i) => ({ category: reports[i]!.category, lng: reports[i]!.location.lng, lat: reports[i]!.location.lat, atMs: reports[i]!.reportedAtMs ?? now }));
      const storeDuplicates = probes.length ? await this.repository.findDuplicates(probes) : [];
      const sequences = await this.sequences.take(fresh.length);
      const writes: EventWrite[] = [];
      for (const [n, i] of fresh.entries()) {
        const probe = probes[n]!;
        // This process's own first (in flight included, and earlier reports of this batch), then the store's.
        const duplicateOf = this.duplicates.find(probe.category, probe.lng, probe.lat, probe.atMs) ?? storeDuplicates[n] ?? null;
        const { event, transitions } = newEventOf(
          reports[i]!,
          located[i]!,
          eventId(sequences[n]!),
          now,
          duplicateOf,
          this.services,
          dispatchesAtIntake(this.autoDispatch, probe.category, reports[i]!.spansJurisdictions),
        );
        if (!duplicateOf) this.duplicates.add(event.category, { id: event.id, lng: event.lng, lat: event.lat, atMs: event.reportedAtMs });
        created.set(i, event);
        writes.push({ event, isNew: true, transitions, change: { type: 'created', atMs: now } });
      }
      try {
        await this.commit(writes);
      } catch (error) {
        for (const e of created.values()) this.duplicates.remove(e.category, e);
        throw error;
      }
      for (const [i, event] of [...created, ...stored]) if (keys[i]) settle.get(keys[i]!)?.resolve(event);
    } catch (error) {
      for (const s of settle.values()) s.reject(error);
      throw error;
    } finally {
      for (const key of settle.keys()) this.inFlight.delete(key);
    }
    const fromElsewhere = new Map<number, CityEvent>();
    for (const [i, pending] of elsewhere) fromElsewhere.set(i, await pending);
    return reports.map((_, i): IntakeOutcome => {
      const first = keys[i] ? firstInBatch.get(keys[i]!)! : i;
      const mine = created.get(first);
      if (mine && first === i) return { status: mine.duplicateOf ? 'duplicate' : 'created', event: mine };
      return { status: 'existing', event: mine ?? stored.get(first) ?? fromElsewhere.get(first)! };
    });
  }

  /**
   * Moves an event along its lifecycle for a caller held to its role (transitionRules.ts):
   * a step not theirs is refused (403), an illegal one too (409); either changes nothing. The
   * rules are judged on the event as it is at the write, so a race never lets a refused step in.
   */
  transition(id: string, command: TransitionCommand, principal: Principal): Promise<CommandResult> {
    const { to } = command;
    if (command.duplicateOf !== undefined) return mergeOn(this, id, command, principal, this.clock);
    return this.act(id, (event) => {
      if (event.duplicateOf) return { ok: false, code: 409, error: `${id} is a duplicate of ${event.duplicateOf}; act on that one`, current: event };
      if (to === 'evaluated') return { ok: false, code: 409, error: 'evaluation goes through /evaluation, with the citizen’s verdict', current: event };
      const refused = stepRefusal(principal, event, command);
      if (refused) return { ok: false, ...refused };
      if (!canTransition(event.state, to)) return { ok: false, code: 409, error: `cannot go from ${event.state} to ${to}`, current: event };
      const dispatch = to === 'dispatched' ? dispatchOf(event, command, this.services) : event.dispatch;
      if (dispatch && 'code' in dispatch) return { ok: false, ...dispatch };
      const now = this.clock();
      const next: CityEvent = {
        ...event,
        state: to,
        dispatch,
        signedAtMs: to === 'signed' ? now : event.signedAtMs,
        resolvedAtMs: to === 'resolved' ? now : event.resolvedAtMs,
        dispatchedAtMs: to === 'dispatched' ? now : event.dispatchedAtMs,
        // Signed, a sign-in escalation is answered: from then on the handling clock judges it.
        escalation: to === 'dispatched' || CLOSED_STATES.has(to) || (to === 'signed' && event.escalation?.reason === 'signIn') ? null : event.escalation,
      };
      return { next, transitions: [{ eventId: id, from: event.state, to, actor: principal.username, atMs: now, note: command.note ?? null }] };
    });
  }

  /** The citizen's verdict on a resolved event (满意 / 不满意). */
  evaluate(id: string, satisfied: boolean, principal: Principal, comment: string | null): Promise<CommandResult> {
    const actor = principal.username;
    return this.act(id, (event) => {
      if (!mayActOn(principal, event)) return { ok: false, code: 403, error: `${id} lies outside your area (${principal.unit})` };
      if (event.state !== 'resolved') return { ok: false, code: 409, error: `only a resolved event can be evaluated; ${id} is ${event.state}`, current: event };
      const next: CityEvent = { ...event, state: 'evaluated', satisfied };
      return { next, transitions: [{ eventId: id, from: event.state, to: 'evaluated', actor, atMs: this.clock(), note: comment ?? (satisfied ? '满意' : '不满意') }] };
    });
  }

  /**
   * Plans a change on the event as read and writes it. Lost to a writer who changed only the
   * bookkeeping (the SLA sweep marking an escalation), the plan is made again on the event as it
   * is now — a person's action never fails for the clock's sake. Lost to one who moved the event
   * on (another officer), it is a 409 with the event as it is now. Commands kept apart (the
   * whistle's, events/whistleCommands.ts) write through it too.
   */
  async act(id: string, plan: (event: CityEvent) => CommandPlan): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const event = await this.get(id);
      if (!event) return { ok: false, code: 404, error: `no event ${id}` };
      const planned = plan(event);
      if ('ok' in planned) return planned;
      const result = await this.change(event, planned.next, planned.transitions);
      if (result.ok || !result.current || result.current.state !== event.state || attempt >= MAX_BOOKKEEPING_RETRIES) return result;
    }
  }

  /** The SLA targets the events are judged by now (they follow the operating mode). */
  get slaTargets(): SlaTargets {
    return this.sla;
  }

  /** New SLA targets (the operating mode changed); the next sweep judges every open event by them. */
  setSla(targets: SlaTargets): void {
    this.sla = targets;
  }

  /** The open events (any day) that satisfy a test, e.g. the alerts a sensor has raised. */
  openEvents(test: (event: CityEvent) => boolean): CityEvent[] {
    return [...this.events.values()].filter((e) => !CLOSED_STATES.has(e.state) && !e.duplicateOf && test(e));
  }

  /** Closes an event whose cause went away (a sensor back to normal) in one commit, each step recorded; a duplicate or closed one stays. */
  resolveAutomatically(id: string, actor: string, note: string): Promise<CommandResult> {
    return this.act(id, (event) => (event.duplicateOf || CLOSED_STATES.has(event.state) ? { ok: true, event } : walkToResolved(event, actor, note, this.clock())));
  }

  /**
   * Raises or records escalations whose clocks have run out; called every SLA sweep (on a clock
   * that never overlaps two sweeps). Each event is its own write (committed together): one
   * changed meanwhile elsewhere is simply skipped. Every node rolls its figures over at midnight;
   * only the node holding the sweep's lease escalates (`escalate`).
   */
  async sweep(escalate = true): Promise<number> {
    const now = this.clock();
    this.aggregates.rollOver(now);
    // The day may have turned with an event received after midnight, before this sweep: what
    // closed before it is forgotten once per day, whichever turned it.
    const day = beijingDayStartMs(now);
    if (day !== this.forgottenBeforeMs) {
      this.forgottenBeforeMs = day;
      this.forgetClosedBefore(day);
    }
    if (!escalate) return 0;
    const changes: Promise<CommandResult>[] = [];
    for (const event of this.events.values()) {
      const escalation = escalationAt(event, now, this.sla);
      if (escalation === event.escalation || escalation === null) continue;
      changes.push(this.change(event, { ...event, escalation }, []));
    }
    const results = await Promise.all(changes);
    return results.filter((r) => r.ok).length;
  }

  /**
   * Writes a change against the version it was read at. Lost to another writer: the event is
   * read again, remembered as it is now, and the caller gets 409 with it.
   */
  private async change(before: CityEvent, after: CityEvent, transitions: Transition[]): Promise<CommandResult> {
    const next = { ...after, version: before.version + 1 };
    try {
      await this.commit([{ event: next, isNew: false, transitions, change: { type: changeTypeOf(before, next, transitions), atMs: this.clock() } }]);
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      const current = await this.repository.get(before.id);
      if (current) this.refresh(current);
      return {
        ok: false,
        code: 409,
        error: `${before.id} was changed meanwhile (now ${current?.state ?? 'gone'}, version ${current?.version ?? '-'}): look again and retry`,
        current: current ?? undefined,
      };
    }
    return { ok: true, event: next };
  }

  /** Another writer's version of an event replaces ours in memory. */
  private refresh(current: CityEvent): void {
    const known = this.events.get(current.id) ?? null;
    if (known && known.version >= current.version) return;
    this.remember(known, current);
    this.listeners.changed([current]);
  }

  private remember(before: CityEvent | null, after: CityEvent): void {
    this.events.set(after.id, after);
    this.aggregates.apply(before, after);
    const open = !CLOSED_STATES.has(after.state) && !after.duplicateOf;
    const wasOpen = before !== null && !CLOSED_STATES.has(before.state) && !before.duplicateOf;
    if (!wasOpen && open) this.duplicates.add(after.category, { id: after.id, lng: after.lng, lat: after.lat, atMs: after.reportedAtMs });
    if (wasOpen && !open) this.duplicates.remove(after.category, after);
  }

  /**
   * Reads the change feed past the last cursor followed and applies what this process lacks — the
   * events other nodes committed and never said on the bus (killed between commit and publish) —
   * as if told. Only the heads are read; an event is fetched when memory lacks its version.
   * Returns how many events it applied.
   */
  async catchUp(pageSize = 1000): Promise<number> {
    let applied = 0;
    for (;;) {
      const heads = await this.repository.changeHeadsAfter(this.followedCursor, pageSize);
      if (heads.length === 0) return applied;
      const newest = new Map<string, number>();
      for (const head of heads) newest.set(head.eventId, Math.max(head.version, newest.get(head.eventId) ?? 0));
      const behind = [...newest].filter(([id, version]) => (this.events.get(id)?.version ?? 0) < version).map(([id]) => id);
      const fetched = (await Promise.all(behind.map((id) => this.repository.get(id)))).filter((e): e is CityEvent => e !== null);
      this.applyCommitted(fetched);
      applied += fetched.length;
      this.followedCursor = heads.at(-1)!.cursor;
      if (heads.length < pageSize) return applied;
    }
  }

  /**
   * A page of the change feed after a cursor, with the horizon up to which retention has deleted —
   * read after the page: retention deletes from the oldest, so a horizon still at or below the
   * cursor means nothing after it was missing from the page.
   */
  async changesAfter(cursor: number, limit: number): Promise<{ changes: EventChange[]; horizon: number }> {
    const changes = await this.repository.changesAfter(cursor, limit);
    return { changes, horizon: await this.repository.changeHorizon() };
  }

  /** The newest event stored by this process (ids are issued in order). */
  get newestCommittedId(): string | null {
    return this.newestCommitted;
  }
  /** Commits, then remembers each event as stored and tells the listeners. */
  private async commit(writes: EventWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.queue.enqueue(writes);
    for (const w of writes) {
      const before = w.isNew ? null : (this.events.get(w.event.id) ?? null);
      if (w.isNew) this.duplicates.remove(w.event.category, w.event);
      this.remember(before, w.event);
    }
    for (const w of writes) if (w.isNew && (this.newestCommitted === null || w.event.id > this.newestCommitted)) this.newestCommitted = w.event.id;
    this.listeners.committed(
      writes.filter((w) => w.isNew).map((w) => w.event),
      writes.map((w) => w.event),
    );
  }

  /** After midnight, closed events of earlier days leave memory (they stay in the store). */
  private forgetClosedBefore(dayStartMs: number): void {
    for (const [id, event] of this.events) if (event.receivedAtMs < dayStartMs && (CLOSED_STATES.has(event.state) || event.duplicateOf)) this.events.delete(id);
  }
}
