import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { WorkerNamespace } from './broadcastService.ts';

/** One node's own receipts for one broadcast, as it reports them to the others (never per receipt). */
export interface NodeCounts {
  node: number;
  id: string;
  delivered: number;
  confirmed: number;
  onlineTargeted: number;
  latency: [bucket: number, count: number][];
  deliveredByDistrict: number[];
}

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
 * The broadcast bus over the Socket.IO cluster adapter's server-side events: the same channel
 * that carries room emits between nodes, so a record sent before a broadcast arrives before it.
 */
export function clusterBus(workers: WorkerNamespace, node: number): BroadcastBus {
  const nsp = workers as unknown as {
    serverSideEmit(event: string, ...args: unknown[]): void;
    on(event: string, handler: (...args: never[]) => void): void;
  };
  return {
    node,
    publishTracked: (broadcast) => nsp.serverSideEmit('broadcast:tracked', broadcast),
    publishCounts: (counts) => nsp.serverSideEmit('broadcast:counts', counts),
    onTracked: (handler) => nsp.on('broadcast:tracked', (broadcast: Broadcast) => handler(broadcast)),
    onCounts: (handler) => nsp.on('broadcast:counts', (counts: NodeCounts[]) => handler(counts)),
  };
}
