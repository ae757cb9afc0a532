import { createAdapter as redisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { WallDelta } from '../../common/socketCatalogue.ts';
import { SharedCounting } from '../broadcasts/sharedCounting.ts';
import { SharedReceipts } from '../broadcasts/sharedReceipts.ts';
import type { Config } from '../config.ts';
import { type Logger, redactedUrl } from '../logger.ts';
import { DEFAULT_LEASE_OPTIONS, LeaseKeeper } from './leases.ts';
import { Membership } from './membership.ts';
import { NodeBus } from './nodeBus.ts';
import { openSharedRedis } from './sharedRedis.ts';
import { DUTIES, type Duty } from './duties.ts';
import type { Topology } from './topology.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';

/** How long a phone's dropped connection may be resumed with what it missed, ms. */
const RECOVERY_WINDOW_MS = 2 * 60_000;
/** Shared broadcast counters outlive the tracking window by this, ms. */
const SHARED_COUNTS_EXTRA_MS = 3_600_000;
/**
 * How often a node reads the change feed for events another node committed and never said
 * (killed between commit and publish), ms: well within the 5 s in which the walls must show them.
 */
const CHANGE_FOLLOW_MS = 1000;

/** The Socket.IO adapter's stream, channels and recovery sessions, under the deployment's prefix. */
export function socketIoStreamOptions(prefix: string) {
  return { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io`, sessionKeyPrefix: `${prefix}sio:session:` };
}

/**
 * Equal nodes on PostgreSQL and Redis: every node is whole. Joins the deployment's Redis —
 * connects and notes where the nodes' stream stands (before this node loads its state from the
 * store, so it misses nothing said meanwhile) — and prepares its lease keeper and membership.
 * Nothing runs until `start`.
 */
export async function openEqualNodes(redisConfig: NonNullable<Config['redis']>, clock: () => number, logger: Logger): Promise<Topology> {
  const { url, prefix } = redisConfig;
  const redis = await openSharedRedis(url, prefix, logger);
  const bus = new NodeBus(redis, (error, topic) => logger.error({ err: error, topic }, 'reading what the other nodes said failed; reading on'));
  await bus.open();
  const leases = new LeaseKeeper({
    redis: redis.client,
    prefix,
    nodeId: redis.nodeId,
    timing: DEFAULT_LEASE_OPTIONS,
    onError: (error) => logger.error({ err: error }, 'lease check failed (Redis?); duties held are given up until it answers'),
  });
  leases.onChange(({ name, held, epoch }) => logger.info({ lease: name, held, epoch }, held ? 'took a duty over' : 'gave a duty up'));
  const membership = new Membership(redis, clock, (error) => logger.error({ err: error }, 'could not tell the other nodes this one is alive'));
  const leads = (duty: Duty) => leases.holds(duty);
  const tell = (what: string) => (error: unknown) => logger.error({ err: error, what }, 'could not tell the other nodes');
  // One counter set per deployment, outliving the broadcasts followed live.
  const receipts = (trackForMs: number, districts: number) => new SharedReceipts(redis, trackForMs + SHARED_COUNTS_EXTRA_MS, districts);
  let following: RepeatingTask | null = null;

  return {
    described: { url: redactedUrl(url), prefix, node: redis.nodeId },
    leads,
    heldDuties: () => Object.fromEntries(DUTIES.map((duty) => [duty, leads(duty)])) as Record<Duty, boolean>,
    trustRedis: { client: redis.client, prefix },
    // A phone whose connection dropped for a moment gets what was sent meanwhile from the adapter's
    // stream, on whichever node it reconnects to (it signs in again all the same).
    socketOptions: { connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false } },
    adaptSockets: (io) => void io.adapter(redisStreamsAdapter(redis.client, socketIoStreamOptions(prefix))),
    fieldBus: { publish: (entries) => bus.publish('field:news', entries), onNews: (handler) => bus.on('field:news', handler) },
    wallFeedRole: {
      leads: () => leads('feed'),
      publish: (delta: WallDelta) => void bus.publish('wall:delta', delta).catch(tell('wall delta')),
    },
    broadcasts: {
      bus: { publishTracked: (broadcast) => bus.publish('broadcast:tracked', broadcast), onTracked: (handler) => bus.on('broadcast:tracked', handler) },
      counting: (parts) =>
        new SharedCounting(parts, {
          receipts: receipts(parts.registry.trackForMs, parts.directory.districtCodes.length),
          nodeId: redis.nodeId,
          alive: () => membership.alive,
          leads: () => leads('feed'),
        }),
      leads,
    },
    // What this node commits, switches and reads is told to the others; what they tell is applied
    // here; the wall feed's holder hands its deltas to every node's walls.
    join: (parts) => {
      parts.events.onCommitted((events) => void bus.publish('events:committed', events).catch(tell('events')));
      bus.on('events:committed', (events) => parts.events.applyCommitted(events));
      // The store's change feed backs the bus up: what a node committed is here even if it never said so.
      following = new RepeatingTask(
        () => parts.events.catchUp(),
        (error) => logger.error({ err: error }, 'reading the change feed failed; reading on'),
      );
      parts.modes.onSwitchedHere((mode) => void bus.publish('mode:changed', mode).catch(tell('mode')));
      bus.on('mode:changed', (mode) => parts.modes.applySwitched(mode));
      parts.sensors.onTaken((readings) => void bus.publish('sensors:readings', readings).catch(tell('readings')));
      bus.on('sensors:readings', (readings) => parts.sensors.applyRelayed(readings));
      bus.on('wall:delta', (delta) => parts.wallFeed.received(delta));
    },
    // Starts reading the others, saying this node is alive, and trying for the duties' leases.
    start: async () => {
      bus.start();
      following?.start(CHANGE_FOLLOW_MS);
      await membership.start();
      await leases.start(DUTIES);
    },
    // Gives the leases up (another node takes over at once), leaves, and closes Redis.
    stop: async () => {
      following?.stop();
      await leases.stop();
      await membership.stop().catch(() => {});
      await bus.stop();
      await redis.close();
    },
    status: async () => ({ ...(await redis.probe()), nodeId: redis.nodeId, leases: leases.heldLeases(), nodes: membership.alive.size }),
  };
}
