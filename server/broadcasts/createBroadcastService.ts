import type { AppDeps } from '../appDeps.ts';
import type { Config } from '../config.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import { BroadcastService } from './broadcastService.ts';

export interface BroadcastServiceWiring {
  deps: AppDeps;
  config: Config;
  workerNsp: WorkerNamespace;
}

/** The node's broadcast service on its topology (who else hears of a broadcast, how receipts are counted), with the configured clocks. */
export function createBroadcastService({ deps, config, workerNsp }: BroadcastServiceWiring): BroadcastService {
  const { directory, clock, logger } = deps;
  return new BroadcastService({
    repository: deps.broadcastRepository,
    directory,
    workers: workerNsp,
    clock,
    coordination: deps.topology.broadcasts,
    receiptCommitMs: config.receiptCommitMs,
    storeTimer: deps.metrics,
    trackForMs: config.broadcastTrackingMs,
    onError: (error) => logger.error({ err: error }, 'a broadcast duty failed (receipts, resends, stragglers or progress); trying again'),
  });
}
