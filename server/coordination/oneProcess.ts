import { LocalCounting } from '../broadcasts/localCounting.ts';
import type { BroadcastCoordination } from '../broadcasts/broadcastService.ts';
import type { Topology } from './topology.ts';

/** Broadcasts in one process: no one else to tell, every receipt counted here, every duty its own. */
export const ONE_PROCESS_BROADCASTS: BroadcastCoordination = {
  bus: { publishTracked: () => {}, onTracked: () => {} },
  counting: (parts) => new LocalCounting(parts),
  leads: () => true,
};

/**
 * One process holds every socket and runs every duty: the adapter stays in memory, nothing is
 * told to anyone, and no other node can leave alerts undone for this one to put right.
 */
export function oneProcess(): Topology {
  return {
    described: null,
    leads: (duty) => duty !== 'alerts',
    heldDuties: null,
    trustRedis: null,
    socketOptions: {},
    adaptSockets: () => {},
    fieldBus: null,
    wallFeedRole: { leads: () => true, publish: () => {} },
    broadcasts: ONE_PROCESS_BROADCASTS,
    join: () => {},
    start: async () => {},
    stop: async () => {},
    status: null,
  };
}
