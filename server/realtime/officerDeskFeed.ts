import type { Principal } from '../../common/domain/auth.ts';
import { type DeskEvent, deskEventOf } from '../../common/domain/officerDeskView.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { epochMs } from '../../common/domain/time.ts';
import { DESK_DELTA_EVENTS, DESK_SNAPSHOT_EVENTS, type DeskSnapshot } from '../../common/socketCatalogue.ts';
import { inOfficersArea } from '../auth/areaPolicy.ts';
import { nextDeadlineMs, type SlaTargets } from '../events/sla.ts';
import type { EventService } from '../events/eventService.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { ConsoleNamespace } from './namespaces.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** The room of an officer's area: the city centre's, a district's or a street's. */
export const deskRoomOf = (unit: string | null) => `desk:${unit ?? 'city'}`;

/** What the officers' desk feed is built from. */
export interface OfficerDeskFeedOptions {
  nsp: ConsoleNamespace;
  events: EventService;
  sla: () => SlaTargets;
  clock: DomainNow;
  /** Deltas go out at most this often, ms. */
  cadenceMs: number;
  onError: (error: unknown) => void;
}

/**
 * The officers' desks, live: each console joins the room of its officer's area and gets a
 * snapshot of the events there (open ones of any day, and today's), then sequenced deltas of
 * what changed, coalesced by event at a fixed cadence and sent to each room that covers the
 * event (the city's, its district's, its street's). A console that sees its room's sequence
 * jump, or `omitted`, asks for a snapshot. Every node feeds its own consoles: each hears of
 * every change (its own commits and the other nodes').
 */
export class OfficerDeskFeed {
  private readonly changed = new Map<string, CityEvent>();
  /** The last delta sent to each room. */
  private readonly seqByRoom = new Map<string, number>();
  private readonly ticking: RepeatingTask;
  private readonly nsp: ConsoleNamespace;
  private readonly events: EventService;
  private readonly sla: () => SlaTargets;
  private readonly clock: DomainNow;

  constructor({ nsp, events, sla, clock, cadenceMs, onError }: OfficerDeskFeedOptions) {
    this.nsp = nsp;
    this.events = events;
    this.sla = sla;
    this.clock = clock;
    events.onChange((event) => void this.changed.set(event.id, event));
    this.ticking = new RepeatingTask(() => this.tick(), onError);
    this.ticking.start(cadenceMs);
  }

  private view(event: CityEvent): DeskEvent {
    return deskEventOf(event, nextDeadlineMs(event, this.sla()));
  }

  /** What an officer's console draws from scratch: the events in their area, newest first. */
  snapshot(principal: Principal): DeskSnapshot {
    const room = deskRoomOf(principal.unit);
    const inArea = this.events.recent(DESK_SNAPSHOT_EVENTS + 1, (e) => inOfficersArea(principal, e));
    return {
      seq: this.seqByRoom.get(room) ?? 0,
      serverTimeMs: epochMs(this.clock()),
      events: inArea.slice(0, DESK_SNAPSHOT_EVENTS).map((e) => this.view(e)),
      omitted: Math.max(0, inArea.length - DESK_SNAPSHOT_EVENTS),
    };
  }

  tick(): void {
    if (this.changed.size === 0) return;
    const byRoom = new Map<string, DeskEvent[]>();
    for (const event of this.changed.values()) {
      const view = this.view(event);
      for (const room of [deskRoomOf(null), deskRoomOf(event.districtCode), deskRoomOf(event.streetCode)]) {
        const list = byRoom.get(room);
        if (list) list.push(view);
        else byRoom.set(room, [view]);
      }
    }
    this.changed.clear();
    const serverTimeMs = epochMs(this.clock());
    for (const [room, views] of byRoom) {
      // Rooms nobody sits in on this node keep their sequence: nothing was sent there.
      if (!this.nsp.adapter.rooms.has(room)) continue;
      const seq = (this.seqByRoom.get(room) ?? 0) + 1;
      this.seqByRoom.set(room, seq);
      const kept = views.length > DESK_DELTA_EVENTS ? views.sort((a, b) => b.receivedAtMs - a.receivedAtMs).slice(0, DESK_DELTA_EVENTS) : views;
      this.nsp.local.to(room).emit('desk:delta', { seq, serverTimeMs, events: kept, omitted: views.length - kept.length });
    }
  }

  stop(): void {
    this.ticking.stop();
  }
}
