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
    eventLoopLagMs: () => load.lagMs,
    shedding: () => load.shedding,
    leases: topology.heldDuties ?? undefined,
  });
}
