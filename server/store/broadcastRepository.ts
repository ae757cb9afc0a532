import type { Broadcast } from '../../common/domain/broadcasts.ts';

/** A worker's receipt as written: only what was missing is filled in (the first delivery and confirmation win). */
export interface DeliveryWrite {
  broadcastId: string;
  worker: string;
  deliveredAtMs: number | null;
  confirmedAtMs: number | null;
}

export interface StoredDelivery {
  worker: string;
  deliveredAtMs: number | null;
  confirmedAtMs: number | null;
}

export interface WorkerReceipt {
  broadcastId: string;
  deliveredAtMs: number | null;
  confirmedAtMs: number | null;
}

/**
 * Broadcasts and their per-worker receipts, for every process sharing the store (SQLite or
 * PostgreSQL). A receipt row is per broadcast and worker: however many nodes and repeats report
 * it, it is there once.
 */
export interface BroadcastRepository {
  /** A sequence number for the next broadcast's id, never issued before by any process. */
  reserveSequence(): Promise<number>;
  /** Inserts or replaces the broadcast's record. */
  save(broadcast: Broadcast): Promise<void>;
  get(id: string): Promise<Broadcast | null>;
  /** Newest first. */
  recent(limit: number): Promise<Broadcast[]>;
  /** Sent at or after `sinceMs`, oldest first. */
  since(sinceMs: number): Promise<Broadcast[]>;
  deliveriesOf(broadcastId: string): Promise<StoredDelivery[]>;
  /** One worker's receipts for these broadcasts (those it has any for): a phone connecting to any node. */
  receiptsOf(worker: string, broadcastIds: readonly string[]): Promise<WorkerReceipt[]>;
  /** Writes receipts unless the store is busy with another writer (then false at once: keep them for the next try). */
  tryWriteDeliveries(rows: readonly DeliveryWrite[]): Promise<boolean>;
  /** Writes receipts, waiting for the store as long as it allows (at shutdown). */
  writeDeliveries(rows: readonly DeliveryWrite[]): Promise<void>;
}

/** Broadcast ids: `BC` + a zero-padded sequence. */
export const broadcastId = (sequence: number) => `BC${String(sequence).padStart(6, '0')}`;
