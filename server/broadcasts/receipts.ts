import type { StoreTimer } from '../observability/metrics.ts';
import type { BroadcastRepository, DeliveryWrite } from '../store/broadcastRepository.ts';
import { ReceiptWriter } from './receiptWriter.ts';
import type { BroadcastRegistry } from './registry.ts';
import { CONFIRMED, DELIVERED, NONE, type Tracking } from './tracking.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** What the receipt book is built from. */
export interface ReceiptBookOptions {
  repository: BroadcastRepository;
  registry: BroadcastRegistry;
  directory: WorkerDirectory;
  clock: () => number;
  /** Whether the worker has a socket on this node now (a receipt normally comes over one). */
  isOnline: (workerIndex: number) => boolean;
  receiptCommitMs: number;
  storeTimer?: StoreTimer;
  onError: (error: unknown) => void;
  /** Counts committed receipts where the nodes share their counts (Redis), before the phones are answered. */
  afterCommit?: ((rows: readonly DeliveryWrite[]) => Promise<void>) | null;
}

/**
 * Workers' receipts: per-worker facts in the store, each counted once here. A receipt is
 * idempotent, refused for a broadcast not meant for the worker or no longer followed, and
 * answered (null) only once it is committed — a repeat waits for the same commit as the first.
 */
export class ReceiptBook {
  private readonly writer: ReceiptWriter;
  private readonly registry: BroadcastRegistry;
  private readonly directory: WorkerDirectory;
  private readonly clock: () => number;
  private readonly isOnline: (workerIndex: number) => boolean;

  constructor({ repository, registry, directory, clock, isOnline, receiptCommitMs, storeTimer, onError, afterCommit = null }: ReceiptBookOptions) {
    this.registry = registry;
    this.directory = directory;
    this.clock = clock;
    this.isOnline = isOnline;
    this.writer = new ReceiptWriter({ repository, commitEveryMs: receiptCommitMs, onError, storeTimer, afterCommit });
  }

  receipt(workerIndex: number, id: string, kind: 'delivered' | 'confirmed'): Promise<string | null> {
    const tracking = this.registry.get(id);
    // Marked at once when the broadcast is followed here: the totals never wait for the store.
    if (tracking) return this.record(tracking, workerIndex, kind);
    return this.registry.adoptStored(id).then((stored) => (stored ? this.record(stored, workerIndex, kind) : this.refusal(id, workerIndex)));
  }

  private refusal(id: string, workerIndex: number): string {
    return `${id} is not a broadcast for ${this.directory.idOf(workerIndex)}`;
  }

  private record(tracking: Tracking, workerIndex: number, kind: 'delivered' | 'confirmed'): Promise<string | null> {
    const id = tracking.broadcast.id;
    if (!tracking.targeted[workerIndex]) return Promise.resolve(this.refusal(id, workerIndex));
    const now = this.clock();
    const before = tracking.status[workerIndex]!;
    const online = this.isOnline(workerIndex);
    tracking.mark(workerIndex, DELIVERED, now, online);
    if (kind === 'confirmed') tracking.mark(workerIndex, CONFIRMED, now, online);
    if (tracking.status[workerIndex] === before) return this.writer.settled().then(() => null);
    this.registry.touch(id);
    const row: DeliveryWrite = {
      broadcastId: id,
      worker: this.directory.idOf(workerIndex),
      deliveredAtMs: before === NONE ? now : null,
      confirmedAtMs: kind === 'confirmed' && before !== CONFIRMED ? now : null,
    };
    return this.writer.add(row).then(() => null);
  }

  /** Commits what is queued now if the store is free (before reading receipts back from it). */
  tryFlush(): Promise<boolean> {
    return this.writer.tryFlush();
  }

  /** Commits every queued receipt, waiting for the store: at shutdown, so nothing acknowledged is lost. */
  flushAll(): Promise<void> {
    return this.writer.flushAll();
  }

  get pending(): number {
    return this.writer.pending;
  }

  get lagMs(): number {
    return this.writer.lagMs;
  }
}
