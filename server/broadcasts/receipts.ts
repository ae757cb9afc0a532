import type { StoreTimer } from '../observability/metrics.ts';
import type { BroadcastRepository, DeliveryWrite } from '../store/broadcastRepository.ts';
import { ReceiptLanes } from './receiptLanes.ts';
import type { ReceiptWriter } from './receiptWriter.ts';
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
  private readonly lanes: ReceiptLanes;
  private readonly registry: BroadcastRegistry;
  private readonly directory: WorkerDirectory;
  private readonly clock: () => number;
  private readonly isOnline: (workerIndex: number) => boolean;
  private readonly onError: (error: unknown) => void;

  constructor({ repository, registry, directory, clock, isOnline, receiptCommitMs, storeTimer, onError, afterCommit = null }: ReceiptBookOptions) {
    this.onError = onError;
    this.registry = registry;
    this.directory = directory;
    this.clock = clock;
    this.isOnline = isOnline;
    this.lanes = new ReceiptLanes({ repository, commitEveryMs: receiptCommitMs, onError, storeTimer, afterCommit });
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

  /**
   * A receipt from a phone that asked no answer (the field app's): counted and queued for the
   * store as any other, with nothing made to wait for the commit — at 100,000 phones a promise
   * chain per receipt was work for the collector. Returns the refusal, if known at once.
   */
  note(workerIndex: number, id: string, kind: 'delivered' | 'confirmed'): string | null {
    const tracking = this.registry.get(id);
    if (tracking) {
      const taken = this.take(tracking, workerIndex, kind);
      return typeof taken === 'string' ? taken : null;
    }
    void this.receipt(workerIndex, id, kind).catch(this.onError);
    return null;
  }

  private record(tracking: Tracking, workerIndex: number, kind: 'delivered' | 'confirmed'): Promise<string | null> {
    const taken = this.take(tracking, workerIndex, kind);
    if (typeof taken === 'string') return Promise.resolve(taken);
    // A repeat waits for the same commit as the first (in whichever lane it is).
    return (taken ?? this.lanes).settled().then(() => null);
  }

  /** Marks the receipt and queues its row when it says something new; the refusal, the lane the row went to, or null (a repeat). */
  private take(tracking: Tracking, workerIndex: number, kind: 'delivered' | 'confirmed'): string | ReceiptWriter | null {
    const id = tracking.broadcast.id;
    if (!tracking.targeted[workerIndex]) return this.refusal(id, workerIndex);
    const now = this.clock();
    const before = tracking.status[workerIndex]!;
    const online = this.isOnline(workerIndex);
    tracking.mark(workerIndex, DELIVERED, now, online);
    if (kind === 'confirmed') tracking.mark(workerIndex, CONFIRMED, now, online);
    if (tracking.status[workerIndex] === before) return null;
    this.registry.touch(id);
    return this.lanes.enqueue({
      broadcastId: id,
      worker: this.directory.idOf(workerIndex),
      deliveredAtMs: before === NONE ? now : null,
      confirmedAtMs: kind === 'confirmed' && before !== CONFIRMED ? now : null,
    });
  }

  /** Commits what is queued now if the store is free (before reading receipts back from it). */
  tryFlush(): Promise<boolean> {
    return this.lanes.tryFlush();
  }

  /** Commits every queued receipt, waiting for the store: at shutdown, so nothing acknowledged is lost. */
  flushAll(): Promise<void> {
    return this.lanes.flushAll();
  }

  get pending(): number {
    return this.lanes.pending;
  }

  get lagMs(): number {
    return this.lanes.lagMs;
  }
}
