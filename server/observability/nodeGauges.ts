import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { AppDeps } from '../appDeps.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { LoadGauge } from '../http/loadShedding.ts';
import type { FrontDoor } from '../realtime/frontDoor.ts';
import type { ConsoleNamespace, WallNamespace, WorkerNamespace } from '../realtime/namespaces.ts';

export interface WatchedParts {
  door: FrontDoor;
  load: LoadGauge;
  broadcasts: BroadcastService;
  namespaces: { wallNsp: WallNamespace; consoleNsp: ConsoleNamespace; workerNsp: WorkerNamespace };
}

/**
 * The 10-second line for the newest broadcast, ms: from sending until every phone connected then
 * had it, or since sending while some still have not; null when there is nothing to reach (none
 * active, or no targeted phone connected).
 */
export function broadcastReachMs(newest: BroadcastProgress | null, nowMs: number): number | null {
  if (!newest || newest.state !== 'active') return null;
  if (newest.connectedReachedAtMs !== null) return newest.connectedReachedAtMs - newest.sentAtMs;
  if (newest.connected === 0 || newest.connectedReached >= newest.connected) return null;
  return nowMs - newest.sentAtMs;
}

/** The node's gauges for `GET /metrics`, read when scraped: sockets, broadcasts in flight, receipts, the write backlog, load, leases. */
export function watchNode(deps: AppDeps, { door, load, broadcasts, namespaces }: WatchedParts): void {
  const { events, topology } = deps;
  const { wallNsp, consoleNsp, workerNsp } = namespaces;
  deps.metrics.watch({
    socketsByNamespace: () => ({ wall: wallNsp.sockets.size, console: consoleNsp.sockets.size, worker: workerNsp.sockets.size }),
    pendingSockets: () => door.counts.pending,
    broadcastsInFlight: () => broadcasts.inFlight,
    receiptsPending: () => broadcasts.receipts.pending,
    receiptsLagMs: () => broadcasts.receipts.lagMs,
    eventWriteBacklog: () => events.writeBacklog,
    eventWriteWaitMs: () => events.oldestWriteWaitMs,
    broadcastReachMs: () => broadcastReachMs(broadcasts.latestProgress(), deps.clock()),
    eventLoopLagMs: () => load.lagMs,
    shedding: () => load.shedding,
    leases: topology.heldDuties ?? undefined,
  });
}
