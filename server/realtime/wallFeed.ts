import type { WallNamespace } from './namespaces.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { ModeState } from '../../common/domain/modes.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { WorkersOnDuty } from '../../common/domain/field.ts';
import { epochMs } from '../../common/domain/time.ts';
import { WALL_DELTA_EVENTS, WALL_SNAPSHOT_EVENTS, type WallDelta, type WallEventDot, type WallSnapshot } from '../../common/socketCatalogue.ts';
import type { EventService } from '../events/eventService.ts';
import type { ModeService } from '../modes/modeService.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import { asDomainNow, type DomainNow } from '../time/domainClock.ts';

/** What the walls are fed from. */
export interface WallSources {
  events: EventService;
  sensors: SensorService;
  modes: ModeService;
  latestBroadcast: () => BroadcastProgress | null;
  /** Whether the server is past capacity and shedding intake: the walls say their figures may be late. */
  load: { shedding: boolean; lagMs: number };
  /** Grid workers on duty now. */
  workers: () => WorkersOnDuty;
}

/** With nothing changing, a delta still goes out this often so walls know the link is alive. */
const HEARTBEAT_MS = 2000;

export const wallDotOf = (e: CityEvent): WallEventDot => ({
  id: e.id,
  category: e.category,
  channel: e.channel,
  state: e.state,
  lng: e.lng,
  lat: e.lat,
  districtCode: e.districtCode,
  receivedAtMs: e.receivedAtMs,
  escalation: e.escalation?.level ?? null,
});

/** Where the deltas go besides this node's own walls, and whether this node makes them. */
export interface WallFeedRole {
  /** This node makes the deltas (it holds the feed's lease; a lone node always does). */
  leads: () => boolean;
  /** Hands a delta this node made to the other nodes, for their walls. */
  publish: (delta: WallDelta) => void;
}

/** What the walls' feed is built from. */
export interface WallFeedOptions {
  nsp: WallNamespace;
  sources: WallSources;
  geo: GeoSummary;
  /** Real time, epoch ms (the heartbeat, the server time the walls are told); the city's time is `domainNow`. */
  clock: () => number;
  /** A delta goes out at most this often, ms. */
  cadenceMs: number;
  onError?: (error: unknown) => void;
  role: WallFeedRole;
  /** The time of the city's affairs; real time unless a simulator drives it. */
  domainNow?: DomainNow;
}

/**
 * The walls' feed: changes are coalesced by event (and sensor changes by device) and sent to all
 * walls at a fixed cadence as one delta (encoded once for every wall), so a wall's bandwidth is
 * bounded by the cadence and the delta caps, not by the rate of events or readings.
 *
 * With several nodes, one of them (the feed's lease holder) makes the deltas and the others pass
 * them to their own walls, so every wall on every node sees the same sequence. Every node hears
 * of every change (the nodes tell each other what they commit), so whichever takes the lease over
 * goes on from the last sequence number it passed on.
 */
export class WallFeed {
  private seq = 0;
  private readonly changed = new Map<string, CityEvent>();
  private lastSentMs = 0;
  private lastSentNewestId: string | null = null;
  private pendingBroadcast: BroadcastProgress | null = null;
  private pendingMode: ModeState | null = null;
  private readonly ticking: RepeatingTask;
  /** The newest broadcast's progress any delta carried: for a wall that joins on a node that does not make them. */
  private latestBroadcastSent: BroadcastProgress | null = null;
  private readonly madeListeners = new Set<(delta: WallDelta) => void>();

  private readonly events: EventService;
  private readonly nsp: WallNamespace;
  private readonly sources: WallSources;
  private readonly geo: GeoSummary;
  private readonly clock: () => number;
  private readonly role: WallFeedRole;
  private readonly domainNow: DomainNow;

  constructor({ nsp, sources, geo, clock, cadenceMs, onError = () => {}, role, domainNow = asDomainNow(clock) }: WallFeedOptions) {
    this.nsp = nsp;
    this.sources = sources;
    this.geo = geo;
    this.clock = clock;
    this.role = role;
    this.domainNow = domainNow;
    const events = (this.events = sources.events);
    sources.modes.onChange((mode) => {
      this.pendingMode = mode;
    });
    events.onChange((event) => {
      if (!event.duplicateOf) this.changed.set(event.id, event);
    });
    // A failed tick is reported and the next one tries again: the walls' feed never stops the process.
    this.ticking = new RepeatingTask(() => this.tick(), onError);
    this.ticking.start(cadenceMs);
  }

  snapshot(): WallSnapshot {
    const now = this.clock();
    return {
      seq: this.seq,
      serverTimeMs: epochMs(now),
      domainTimeMs: epochMs(this.domainNow()),
      geo: this.geo,
      stats: this.events.aggregates.snapshot(now),
      events: this.events
        .recent(WALL_SNAPSHOT_EVENTS)
        .filter((e) => !e.duplicateOf)
        .map(wallDotOf),
      broadcast: this.role.leads() ? this.sources.latestBroadcast() : (this.latestBroadcastSent ?? this.sources.latestBroadcast()),
      mode: this.sources.modes.state,
      sensors: this.sources.sensors.wallSnapshot(),
      workers: this.sources.workers(),
    };
  }

  tick(): void {
    if (!this.role.leads()) return;
    const now = this.clock();
    const sensors = this.sources.sensors.takeWallDelta();
    // Any commit changes the figures (a report marked duplicate is counted too): send whenever one landed.
    const newestId = this.events.newestCommittedId;
    const broadcast = this.pendingBroadcast;
    const mode = this.pendingMode;
    if (this.changed.size === 0 && !sensors && !broadcast && !mode && newestId === this.lastSentNewestId && now - this.lastSentMs < HEARTBEAT_MS) return;
    this.pendingBroadcast = null;
    this.pendingMode = null;
    this.lastSentNewestId = newestId;
    const changed = [...this.changed.values()];
    this.changed.clear();
    const kept = changed.length > WALL_DELTA_EVENTS ? changed.sort((a, b) => b.receivedAtMs - a.receivedAtMs).slice(0, WALL_DELTA_EVENTS) : changed;
    this.lastSentMs = now;
    const load = { shedding: this.sources.load.shedding, lagMs: this.sources.load.lagMs };
    const delta: WallDelta = {
      seq: ++this.seq,
      serverTimeMs: epochMs(now),
      domainTimeMs: epochMs(this.domainNow()),
      stats: this.events.aggregates.snapshot(now),
      events: kept.map(wallDotOf),
      omitted: changed.length - kept.length,
      newestEventId: newestId,
      sensors,
      load,
      broadcast,
      mode,
      workers: this.sources.workers(),
    };
    if (broadcast) this.latestBroadcastSent = broadcast;
    // This node's walls directly; the other nodes' through them (each passes it to its own).
    this.nsp.local.emit('wall:delta', delta);
    this.role.publish(delta);
    for (const listener of this.madeListeners) listener(delta);
  }

  /** Each delta this node makes (while it leads the feed), once sent: the replay record's input. */
  onMade(listener: (delta: WallDelta) => void): void {
    this.madeListeners.add(listener);
  }

  /**
   * A delta the leading node made: passed to this node's walls, and what it covered is not sent
   * again from here. An older one (from a node that has just lost the lease) is dropped.
   */
  received(delta: WallDelta): void {
    if (delta.seq <= this.seq) return;
    this.seq = delta.seq;
    this.changed.clear();
    this.sources.sensors.clearWallDelta();
    this.pendingBroadcast = null;
    this.pendingMode = null;
    this.lastSentNewestId = delta.newestEventId;
    this.lastSentMs = this.clock();
    if (delta.broadcast) this.latestBroadcastSent = delta.broadcast;
    this.nsp.local.emit('wall:delta', delta);
  }

  /** Broadcasts whose progress changed: the newest of them rides the next delta. */
  noteBroadcastProgress(changed: readonly BroadcastProgress[]): void {
    for (const p of changed) if (!this.pendingBroadcast || p.id === this.pendingBroadcast.id || p.sentAtMs >= this.pendingBroadcast.sentAtMs) this.pendingBroadcast = p;
  }

  stop(): void {
    this.ticking.stop();
  }
}
