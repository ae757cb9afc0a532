import type { Broadcast, NodeCounts } from '../../common/domain/broadcasts.ts';
import type { NodeBus } from '../coordination/nodeBus.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';

/**
 * How the nodes of a cluster keep each other informed: a broadcast's record when it is sent,
 * updated or cancelled, and each node's receipt counts at the progress cadence. A single node has
 * no bus.
 */
export interface BroadcastBus {
  node: number;
  /** Resolves once the other nodes can hear of it. */
  publishTracked(broadcast: Broadcast): void | Promise<void>;
  publishCounts(counts: NodeCounts[]): void;
  onTracked(handler: (broadcast: Broadcast) => void): void;
  onCounts(handler: (counts: NodeCounts[]) => void): void;
}

/**
 * The broadcast bus over the Socket.IO cluster adapter's server-side events (typed in
 * common/socketCatalogue.ts, InterNodeEvents): the same channel that carries room emits between nodes, so
 * a record sent before a broadcast arrives before it.
 */
export function clusterBus(workers: WorkerNamespace, node: number): BroadcastBus {
  return {
    node,
    publishTracked: (broadcast) => void workers.serverSideEmit('broadcast:tracked', broadcast),
    publishCounts: (counts) => workers.serverSideEmit('broadcast:counts', counts),
    onTracked: (handler) => workers.on('broadcast:tracked', handler),
    onCounts: (handler) => workers.on('broadcast:counts', handler),
  };
}

/**
 * The broadcast bus over the nodes' Redis stream, when every node is whole: a broadcast's record
 * goes to every node; counts are not sent (the nodes share them in Redis).
 */
export function sharedBus(bus: NodeBus): BroadcastBus {
  return {
    node: 0,
    publishTracked: (broadcast) => bus.publish('broadcast:tracked', broadcast),
    publishCounts: () => {},
    onTracked: (handler) => bus.on('broadcast:tracked', handler),
    onCounts: () => {},
  };
}
