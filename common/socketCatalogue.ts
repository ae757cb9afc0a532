/**
 * The socket catalogue, shared by server, client and simulator: for each Socket.IO namespace,
 * what the server emits and what clients send. Names are `entity:verb`; commands are imperative,
 * facts past tense, full state `*:snapshot`. No event name string exists outside this file.
 */
import type { AckCallback } from './ack.ts';
import type { Broadcast, BroadcastProgress, GridStragglers, WorkerBroadcast } from './domain/broadcasts.ts';
import type { Category } from './domain/categories.ts';
import type { DeskEvent } from './domain/officerDeskView.ts';
import type { CityEvent, EscalationLevel, Transition } from './domain/eventRecords.ts';
import type { EventChannel, EventState } from './domain/events.ts';
import type { GeoSummary, GridPath } from './domain/geo.ts';
import type { ModeState } from './domain/modes.ts';
import type { AlarmView, SensorSummary, WaterPointView } from './domain/sensors.ts';
import type { TodayStats } from './domain/stats.ts';
import type { EpochMs } from './domain/time.ts';
import type { FieldNewsEntry, WorkerDetail, WorkersInView, WorkersOnDuty } from './domain/field.ts';
import type { TaskItem } from './domain/tasks.ts';

export const NAMESPACES = { wall: '/wall', console: '/console', worker: '/worker' } as const;
export type NamespaceName = keyof typeof NAMESPACES;

/** An event as the wall's map needs it: where, what, how far along. */
export interface WallEventDot {
  id: string;
  category: Category;
  channel: EventChannel;
  state: EventState;
  lng: number;
  lat: number;
  districtCode: string;
  receivedAtMs: number;
  escalation: EscalationLevel | null;
}

/** What a wall needs to draw from scratch. `seq` is the last delta it includes. */
export interface WallSnapshot {
  seq: number;
  /** The server's real clock: how fresh the link and the sensors are. */
  serverTimeMs: EpochMs;
  /** The time of the city's affairs (the simulator's while one drives it): the wall's clock, durations. */
  domainTimeMs: EpochMs;
  geo: GeoSummary;
  stats: TodayStats;
  /** Today's and open events, newest first, at most WALL_SNAPSHOT_EVENTS. */
  events: WallEventDot[];
  /** The latest broadcast and how it landed. */
  broadcast: BroadcastProgress | null;
  mode: ModeState;
  sensors: WallSensors;
  /** Grid workers on duty now (of the node that makes the feed). */
  workers: WorkersOnDuty;
}

/** The city's sensing as a wall needs it: every waterlogging point, the alarms on, health. */
export interface WallSensors {
  water: WaterPointView[];
  /** IoT devices in alarm now, newest first, at most WALL_SNAPSHOT_ALARMS. */
  alarms: AlarmView[];
  summary: SensorSummary;
}

/**
 * Sensor changes since the previous delta, coalesced per device: however many readings arrive,
 * at most every waterlogging point and WALL_DELTA_EVENTS alarms; the summary when recomputed.
 */
export interface WallSensorDelta {
  water: WaterPointView[];
  /** Raised, changed or cleared (level 'none') alarms. */
  alarms: AlarmView[];
  alarmsOmitted: number;
  summary: SensorSummary | null;
}

/**
 * What changed since the previous delta, sent at a fixed cadence whatever the event rate: the
 * figures whole (they are small), and at most WALL_DELTA_EVENTS changed events (newest kept).
 * A wall that sees `seq` jump asks for a snapshot.
 */
export interface WallDelta {
  seq: number;
  serverTimeMs: EpochMs;
  domainTimeMs: EpochMs;
  stats: TodayStats;
  events: WallEventDot[];
  /** Changed events left out of this delta to keep its size bounded. */
  omitted: number;
  /** The newest event (ids are issued in order) that these figures include; null before any. */
  newestEventId: string | null;
  sensors: WallSensorDelta | null;
  /** The server is past capacity: intake is being shed, and these figures may be late (its event loop's delay, ms). */
  load: { shedding: boolean; lagMs: number };
  /** The newest broadcast whose progress changed since the previous delta, in sequence with the rest. */
  broadcast: BroadcastProgress | null;
  /** The operating mode, when it was switched since the previous delta. */
  mode: ModeState | null;
  /** Grid workers on duty now, whole (it is small). */
  workers: WorkersOnDuty;
}

/** Where a replayed moment came from, beside the wall as it was. */
export interface ReplayOrigin {
  /** The moment shown, the city's time. */
  atMs: number;
  /** 'keyframe': from the replay record; 'history': before the record began, from the events' histories and mode switches only. */
  rebuiltFrom: 'keyframe' | 'history';
  keyframeAtMs: number | null;
  /** Rows of the record read to open the moment (a keyframe and the deltas after it). */
  rowsRead: number;
  /** The earliest moment the record holds (null: nothing recorded yet). */
  recordedFromMs: number | null;
}

/** `GET /api/wall/snapshot?at=`: the wall as it was then, in the shape a live wall joins with. */
export interface ReplaySnapshot extends WallSnapshot {
  replay: ReplayOrigin;
}

/** What a wall playing forward applies: a delta, or the wall whole where the feed started again. */
export type ReplayFrame = { kind: 'delta'; delta: WallDelta } | { kind: 'keyframe'; snapshot: WallSnapshot };

export const WALL_SNAPSHOT_EVENTS = 2000;
export const WALL_SNAPSHOT_ALARMS = 500;
export const WALL_DELTA_EVENTS = 200;

export type LocateAck = AckCallback<{ path: GridPath | null }>;

/** A waterlogging point's recent depths, oldest first: [time ms, depth cm]. */
export interface DepthTrend {
  id: string;
  name: string;
  points: [atMs: number, depthCm: number][];
}

/** Broadcast progress and mode switches ride the deltas: one sequenced feed, nothing to reorder. */
/** Every namespace: the node is reloading to serve a newer city version; a page reloads what it shows. */
export interface CityServerToClient {
  'city:changed': (change: { version: number }) => void;
}

export interface WallServerToClient extends CityServerToClient {
  'wall:snapshot': (snapshot: WallSnapshot) => void;
  'wall:delta': (delta: WallDelta) => void;
}
export interface WallClientToServer {
  'wall:requestSnapshot': (ack: AckCallback<{ snapshot: WallSnapshot }>) => void;
  'event:history': (id: unknown, ack: AckCallback<{ event: CityEvent; history: Transition[] }>) => void;
  'sensor:trend': (id: unknown, ack: AckCallback<{ trend: DepthTrend }>) => void;
  /** The grid workers in the wall's view: dots when zoomed in, on-duty counts per cell when out. */
  'workers:view': (view: unknown, ack: AckCallback<{ workers: WorkersInView }>) => void;
  /** The worker nearest a click on the map (within radiusM): today's track and reports. */
  'worker:at': (pick: unknown, ack: AckCallback<{ worker: WorkerDetail }>) => void;
  /** Playing the past forward (officers): the frames recorded after `afterMs` up to `untilMs` (ReplayRange). */
  'wall:replay': (range: unknown, ack: AckCallback<{ frames: ReplayFrame[]; untilMs: number }>) => void;
}

/** What a console needs on joining: the mode with its recent switches, and the recent broadcasts' progress. */
export interface ConsoleSnapshot {
  mode: ModeState;
  modeHistory: ModeState[];
  broadcasts: BroadcastProgress[];
}

/**
 * The officer's desk, live: the events in the officer's area (open ones of any day, and today's),
 * newest first, at most DESK_SNAPSHOT_EVENTS (`omitted` more). `seq` is the last delta of the
 * officer's room it includes.
 */
export interface DeskSnapshot {
  seq: number;
  /** Domain time (the SLA clocks' time), for countdowns that agree with the server's. */
  serverTimeMs: EpochMs;
  events: DeskEvent[];
  omitted: number;
}

/** Events in the area that changed since the previous delta; a console that sees `seq` jump or `omitted` asks for a snapshot. */
export interface DeskDelta {
  seq: number;
  serverTimeMs: EpochMs;
  events: DeskEvent[];
  omitted: number;
}

export const DESK_SNAPSHOT_EVENTS = 5000;
export const DESK_DELTA_EVENTS = 500;

export interface ConsoleServerToClient extends CityServerToClient {
  'console:snapshot': (snapshot: ConsoleSnapshot) => void;
  'desk:snapshot': (snapshot: DeskSnapshot) => void;
  'desk:delta': (delta: DeskDelta) => void;
  'broadcast:progress': (progress: BroadcastProgress) => void;
  'mode:changed': (mode: ModeState) => void;
}
export interface ConsoleClientToServer {
  'geo:locate': (query: unknown, ack: LocateAck) => void;
  'desk:requestSnapshot': (ack: AckCallback<{ snapshot: DeskSnapshot }>) => void;
}

/** A worker's inbox line: the broadcast and what this worker has done with it. */
export interface InboxItem extends WorkerBroadcast {
  cancelled: boolean;
  delivered: boolean;
  confirmed: boolean;
}

export interface WorkerServerToClient extends CityServerToClient {
  'broadcast:new': (broadcast: WorkerBroadcast) => void;
  /** A task given to this worker (核查 / 即时办): the phone shows it at once. */
  'task:assigned': (item: TaskItem) => void;
  'broadcast:cancelled': (cancelled: { id: string; cancelledBy: string | null }) => void;
  /** The content of a broadcast changed: replace it. */
  'broadcast:updated': (broadcast: WorkerBroadcast) => void;
  /** To a grid leader: who in their grid has not confirmed by the deadline (to phone them). */
  'broadcast:stragglers': (stragglers: GridStragglers) => void;
}
export interface WorkerClientToServer {
  'geo:locate': (query: unknown, ack: LocateAck) => void;
  /**
   * Sent automatically on receipt (delivered). Idempotent. The field app sends it unanswered: until
   * it is committed the server's resend round sends the broadcast again, and the phone answers again.
   * An acknowledgement asked for is answered once the receipt is committed.
   */
  'broadcast:delivered': (id: unknown, ack?: AckCallback) => void;
  /**
   * Sent when the worker taps 确认 (confirmed). Idempotent. The field app sends it unanswered and
   * again on each connect until its inbox shows it; an acknowledgement asked for is answered once
   * the confirmation is committed.
   */
  'broadcast:confirm': (id: unknown, ack?: AckCallback) => void;
  'broadcast:inbox': (ack: AckCallback<{ items: InboxItem[] }>) => void;
  /** 在岗 / 离岗: `{ onDuty }`; acknowledged `{ ok, onDuty }`. */
  'duty:set': (command: unknown, ack: AckCallback<{ onDuty: boolean }>) => void;
  /** Where the phone is, every 30 s while on duty: `{ lng, lat, atMs, accuracyM }`; refused off duty, outside the city, too fast or from the future. */
  'position:update': (update: unknown, ack: AckCallback) => void;
}

/** A sensor reading as checked at intake: the device's registry index instead of its id. */
export interface RelayedReading {
  index: number;
  atMs: number;
  value: number;
}

/**
 * Messages between equal nodes, on the nodes' Redis stream (server/coordination/nodeBus.ts):
 * each tells the others what it committed, and the wall feed's holder sends the sequenced deltas.
 */
export interface InterNodeEvents {
  'broadcast:tracked': (broadcast: Broadcast) => void;
  /** Events this node committed (new or changed), as stored. */
  'events:committed': (events: CityEvent[]) => void;
  'mode:changed': (mode: ModeState) => void;
  /** Readings this node took, in order, for every node's picture of the devices. */
  'sensors:readings': (readings: RelayedReading[]) => void;
  /** The walls' feed, from the node that holds its lease: every node passes it to its own walls. */
  'wall:delta': (delta: WallDelta) => void;
  /** Duty and latest positions of the phones connected to one node, since it last said (once a second). */
  'field:news': (entries: FieldNewsEntry[]) => void;
}
