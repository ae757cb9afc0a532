import type { Broadcast, NodeCounts } from '../../common/domain/broadcasts.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';

/**
 * How the nodes of a cluster keep each other informed: a broadcast's record when it is sent,
 * updated or cancelled, and each node's receipt counts at the progress cadence. A single node has
 * no bus.
 */
export interface BroadcastBus {
  node: number;
  publishTracked(broadcast: Broadcast): void;
  publishCounts(counts: NodeCounts[]): void;
  onTracked(handler: (broadcast: Broadcast) => void): void;
  onCounts(handler: (counts: NodeCounts[]) => void): void;
}

/**
 * The broadcast bus over the Socket.IO cluster adapter's server-side events (typed in
 * common/events.ts, InterNodeEvents): the same channel that carries room emits between nodes, so
 * a record sent before a broadcast arrives before it.
 */
export function clusterBus(workers: WorkerNamespace, node: number): BroadcastBus {
  return {
    node,
    publishTracked: (broadcast) => workers.serverSideEmit('broadcast:tracked', broadcast),
    publishCounts: (counts) => workers.serverSideEmit('broadcast:counts', counts),
    onTracked: (handler) => workers.on('broadcast:tracked', handler),
    onCounts: (handler) => workers.on('broadcast:counts', handler),
  };
}
