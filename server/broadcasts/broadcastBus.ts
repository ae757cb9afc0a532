import type { Broadcast } from '../../common/domain/broadcasts.ts';

/**
 * How the nodes tell each other of a broadcast's record when it is sent, updated or cancelled,
 * so each follows it for its own phones. Chosen with the topology (server/coordination/topology.ts):
 * one process has no one to tell.
 */
export interface BroadcastBus {
  /** Resolves once the other nodes can hear of it. */
  publishTracked(broadcast: Broadcast): void | Promise<void>;
  onTracked(handler: (broadcast: Broadcast) => void): void;
}
