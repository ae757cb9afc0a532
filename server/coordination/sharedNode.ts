import type { EventService } from '../events/eventService.ts';
import type { Logger } from '../logger.ts';
import type { ModeService } from '../modes/modeService.ts';
import type { WallFeed } from '../realtime/wallFeed.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import { DEFAULT_LEASE_OPTIONS, type HeldLease, LeaseKeeper } from './leases.ts';
import { Membership } from './membership.ts';
import { NodeBus } from './nodeBus.ts';
import { openSharedRedis, type RedisStatus, type SharedRedis } from './sharedRedis.ts';

/**
 * Duties one node runs for all, each under its lease: the walls' feed with broadcast progress,
 * the SLA sweep's escalations, telling grid leaders of stragglers, and the alerts' reconciliation.
 */
export const DUTIES = ['feed', 'sla', 'stragglers', 'alerts'] as const;
export type Duty = (typeof DUTIES)[number];

/** What a node shares with the others through Redis. */
export interface SharedNode {
  redis: SharedRedis;
  bus: NodeBus;
  leases: LeaseKeeper;
  membership: Membership;
  /** Whether this node holds a duty's lease now. */
  leads(duty: Duty): boolean;
  /** Readiness: Redis answers, and which leases this node holds. */
  status(): Promise<RedisStatus & { nodeId: string; leases: HeldLease[]; nodes: number }>;
}

/**
 * Joins the deployment's Redis: connects, notes where the nodes' stream stands (before this node
 * loads its state from the store, so it misses nothing said meanwhile) and prepares its lease
 * keeper and membership. Nothing runs until `startSharedNode`.
 */
export async function openSharedNode(url: string, prefix: string, clock: () => number, logger: Logger): Promise<SharedNode> {
  const redis = await openSharedRedis(url, prefix, logger);
  const bus = new NodeBus(redis, (error, topic) => logger.error({ err: error, topic }, 'reading what the other nodes said failed; reading on'));
  await bus.open();
  const leases = new LeaseKeeper(redis.client, prefix, redis.nodeId, DEFAULT_LEASE_OPTIONS, (error) =>
    logger.error({ err: error }, 'lease check failed (Redis?); duties held are given up until it answers'),
  );
  leases.onChange(({ name, held, epoch }) => logger.info({ lease: name, held, epoch }, held ? 'took a duty over' : 'gave a duty up'));
  const membership = new Membership(redis, clock, (error) => logger.error({ err: error }, 'could not tell the other nodes this one is alive'));
  return {
    redis,
    bus,
    leases,
    membership,
    leads: (duty) => leases.holds(duty),
    status: async () => ({ ...(await redis.probe()), nodeId: redis.nodeId, leases: leases.heldLeases(), nodes: membership.alive.size }),
  };
}

/** The parts of a whole node that hear of what the other nodes did. */
export interface SharedParts {
  events: EventService;
  modes: ModeService;
  sensors: SensorService;
  wallFeed: WallFeed;
}

/**
 * Wires a node to the others: what it commits, switches and reads is told to them; what they
 * tell is applied here; the wall feed's holder hands its deltas to every node's walls.
 */
export function joinSharedNode(node: SharedNode, parts: SharedParts, logger: Logger): void {
  const { bus } = node;
  const tell = (what: string) => (error: unknown) => logger.error({ err: error, what }, 'could not tell the other nodes');
  parts.events.onCommitted((events) => void bus.publish('events:committed', events).catch(tell('events')));
  bus.on('events:committed', (events) => parts.events.applyCommitted(events));
  parts.modes.onSwitchedHere((mode) => void bus.publish('mode:changed', mode).catch(tell('mode')));
  bus.on('mode:changed', (mode) => parts.modes.applySwitched(mode));
  parts.sensors.onTaken((readings) => void bus.publish('sensors:readings', readings).catch(tell('readings')));
  bus.on('sensors:readings', (readings) => parts.sensors.applyRelayed(readings));
  bus.on('wall:delta', (delta) => parts.wallFeed.received(delta));
}

/** Starts reading the others, saying this node is alive, and trying for the duties' leases. */
export async function startSharedNode(node: SharedNode): Promise<void> {
  node.bus.start();
  await node.membership.start();
  await node.leases.start(DUTIES);
}

/** Gives the leases up (another node takes over at once), leaves, and closes Redis. */
export async function stopSharedNode(node: SharedNode): Promise<void> {
  await node.leases.stop();
  await node.membership.stop().catch(() => {});
  await node.bus.stop();
  await node.redis.close();
}

/** The Socket.IO adapter's stream, channels and recovery sessions, under the deployment's prefix. */
export function socketIoStreamOptions(prefix: string) {
  return { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io`, sessionKeyPrefix: `${prefix}sio:session:` };
}
