import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastBus, NodeCounts, WorkerNamespace } from './broadcastService.ts';

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
