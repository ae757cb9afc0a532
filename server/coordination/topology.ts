import type { ServerOptions, Server as SocketServer } from 'socket.io';
import type { BroadcastCoordination } from '../broadcasts/broadcastService.ts';
import type { Config } from '../config.ts';
import type { EventService } from '../events/eventService.ts';
import type { FieldBus } from '../field/fieldService.ts';
import type { Logger } from '../logger.ts';
import type { ModeService } from '../modes/modeService.ts';
import type { WallFeed, WallFeedRole } from '../realtime/wallFeed.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import { openEqualNodes } from './equalNodes.ts';
import type { HeldLease, RedisClient } from './leases.ts';
import { oneProcess } from './oneProcess.ts';
import type { Duty } from './duties.ts';
import type { RedisStatus } from './sharedRedis.ts';

/** The parts of a whole node that hear of what the other nodes did. */
export interface SharedParts {
  events: EventService;
  modes: ModeService;
  sensors: SensorService;
  wallFeed: WallFeed;
}

/** Readiness of the coordination between nodes: Redis answers, and which leases this node holds. */
export type CoordinationStatus = RedisStatus & { nodeId: string; leases: HeldLease[]; nodes: number };

/**
 * What differs between one process and many equal nodes, chosen once by `openTopology`: every
 * other file takes these parts and never asks which topology runs.
 *
 * - one process (`npm start`): sockets in memory, nothing to tell, every duty its own;
 * - equal nodes (`DATABASE_URL` + `REDIS_URL`, any number of machines or `npm run start:cluster`):
 *   the Socket.IO adapter on a Redis stream, the nodes' bus, shared receipt counters and presence,
 *   leases for the duties one node runs for all, the sign-in throttle and signed-out sessions in Redis.
 */
export interface Topology {
  /** For the start-up log: where the nodes meet (null: one process). */
  readonly described: Record<string, unknown> | null;
  /** Whether this node runs a duty now. */
  leads(duty: Duty): boolean;
  /** Which duties this node holds, for the metrics; null where there are no leases. */
  readonly heldDuties: (() => Record<Duty, boolean>) | null;
  /** Where the sign-in throttle and signed-out sessions are kept across nodes; null: this process's memory. */
  readonly trustRedis: { client: RedisClient; prefix: string } | null;
  /** Socket.IO's options that depend on the topology (connection-state recovery). */
  readonly socketOptions: Partial<ServerOptions>;
  /** Sets the Socket.IO adapter between nodes. */
  adaptSockets(io: SocketServer): void;
  /** How phones' duty and positions reach the other nodes' walls; null: no other nodes. */
  readonly fieldBus: FieldBus | null;
  /** Which node makes the wall deltas, and where they go besides this node's walls. */
  readonly wallFeedRole: WallFeedRole;
  /** Broadcasts: who else hears of one, how receipts are counted, who announces progress and stragglers. */
  readonly broadcasts: BroadcastCoordination;
  /** Wires what this node commits, switches and reads to the other nodes, and theirs to it. */
  join(parts: SharedParts, logger: Logger): void;
  /** Starts hearing the others and taking leases (once the state is loaded). */
  start(): Promise<void>;
  /** Gives the leases up and leaves. */
  stop(): Promise<void>;
  /** Readiness of the coordination; null where there is none. */
  readonly status: (() => Promise<CoordinationStatus>) | null;
}

/**
 * The one place the topology is chosen: equal nodes with `REDIS_URL`, one process without. With
 * Redis, the nodes' stream position is noted here, before the node loads its state from the store.
 */
export async function openTopology(config: Config, clock: () => number, logger: Logger): Promise<Topology> {
  return config.redis ? openEqualNodes(config.redis, clock, logger) : oneProcess();
}
