import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { BroadcastRepository, DeliveryWrite, WorkerReceipt } from '../store/broadcastRepository.ts';
import type { LatencyHistogram } from './latencyHistogram.ts';
import type { BroadcastRegistry } from './registry.ts';
import type { Tracking } from './tracking.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** The figures a progress report is made of, however they were counted. */
export interface Figures {
  delivered: number;
  confirmed: number;
  connected: number;
  connectedReached: number;
  latency: LatencyHistogram;
  deliveredByDistrict: (d: number) => number;
  allDeliveredAtMs: number | null;
  connectedReachedAtMs: number | null;
}

/** What a way of counting works with: the broadcasts followed here and the store behind them. */
export interface CountingParts {
  registry: BroadcastRegistry;
  directory: WorkerDirectory;
  repository: BroadcastRepository;
  clock: () => number;
  onError: (error: unknown) => void;
}

/**
 * How a broadcast's receipts are counted, chosen with the topology (server/coordination/topology.ts):
 * in one process every receipt is taken here and counted in its Tracking (localCounting.ts); with
 * equal nodes each receipt is counted once in counters every node shares (sharedCounting.ts).
 * The broadcast parts call these and never ask which it is.
 */
export interface ReceiptCounting {
  /** The broadcasts followed again at start, as stored: counts the receipts the store holds, where they are counted here. */
  loaded(tracked: readonly Tracking[]): Promise<void>;
  /** A new broadcast was stored: its counters are whole from the start. */
  sent(id: string): Promise<void>;
  /** Counts committed receipts before the phones are answered; null where the Tracking's marks are the count. */
  readonly afterCommit: ((rows: readonly DeliveryWrite[]) => Promise<void>) | null;
  /**
   * A worker's stored receipts, where other nodes take receipts too (a phone that connects here
   * may have answered elsewhere); null where every receipt of a worker connected here was taken here.
   */
  readonly storedReceipts: ((workerIndex: number, broadcastIds: string[]) => Promise<WorkerReceipt[]>) | null;
  /** A broadcast's figures as last counted. */
  figuresOf(t: Tracking): Figures;
  /** Reads the figures afresh (any node may be asked for the progress of now). */
  refresh(id: string): Promise<void>;
  /** At the progress cadence: hands the progress of every broadcast that changed to `publish`, where this node announces it. */
  tick(progressOf: (id: string) => BroadcastProgress | null, publish: (changed: BroadcastProgress[]) => void): Promise<void>;
}
