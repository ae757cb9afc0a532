import type { AppDeps } from '../appDeps.ts';
import type { Config } from '../config.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import { BroadcastService } from './broadcastService.ts';
import { clusterBus, sharedBus } from './clusterBus.ts';
import { SharedReceipts } from './sharedReceipts.ts';

/** Shared broadcast counters outlive the tracking window by this, ms. */
const SHARED_COUNTS_EXTRA_MS = 3_600_000;

export interface BroadcastServiceOptions {
  deps: AppDeps;
  config: Config;
  workerNsp: WorkerNamespace;
  /** A cluster on one machine without Redis: the nodes tell each other over the cluster adapter. */
  clustered: boolean;
}

/**
 * The node's broadcast service on its topology: with Redis, the records on the nodes' stream and
 * the receipts counted in shared counters; in a cluster without it, over the cluster adapter;
 * alone, neither.
 */
export function createBroadcastService({ deps, config, workerNsp, clustered }: BroadcastServiceOptions): BroadcastService {
  const { shared, directory, clock, logger } = deps;
  const broadcastBus = shared ? sharedBus(shared.bus) : clustered ? clusterBus(workerNsp, config.nodeIndex) : null;
  return new BroadcastService(deps.broadcastRepository, directory, workerNsp, clock, broadcastBus, {
    receiptCommitMs: config.receiptCommitMs,
    storeTimer: deps.metrics,
    trackForMs: config.broadcastTrackingMs,
    onError: (error) => logger.error({ err: error }, 'a broadcast duty failed (receipts, resends, stragglers or progress); trying again'),
    shared: shared
      ? {
          receipts: new SharedReceipts(shared.redis, config.broadcastTrackingMs + SHARED_COUNTS_EXTRA_MS, directory.districtCodes.length),
          nodeId: shared.redis.nodeId,
          alive: () => shared.membership.alive,
          leads: (duty) => shared.leads(duty),
        }
      : undefined,
  });
}
