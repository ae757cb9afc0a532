import type { StoreTimer } from '../observability/metrics.ts';
import type { BroadcastRepository, DeliveryWrite } from '../store/broadcastRepository.ts';

/** Pause before the after-commit step is tried again, ms. */
const AFTER_COMMIT_RETRY_MS = 250;

interface Batch {
  rows: DeliveryWrite[];
  waiters: (() => void)[];
}

/** What the receipt writer is built from. */
export interface ReceiptWriterOptions {
  repository: BroadcastRepository;
  /** Receipts gathered for this long are committed together, ms. */
  commitEveryMs: number;
  onError: (error: unknown) => void;
  storeTimer?: StoreTimer;
  /**
   * Run on each committed batch before its phones are answered (the counts the nodes share);
   * retried until it succeeds, as it must be idempotent.
   */
  afterCommit?: ((rows: readonly DeliveryWrite[]) => Promise<void>) | null;
  /** Awaited before each batch is written, once the batch is taken (another writer's rows that must be committed first). */
  before?: () => Promise<void>;
}

/**
 * Group commit for workers' receipts: rows gathered for `commitEveryMs` are written in one
 * transaction, and each phone is answered `{ ok: true }` only once its row is committed — an
 * acknowledged receipt survives kill -9. While the store is busy with another writer (a
 * cluster's nodes share SQLite's one write lock) the rows wait for the next try instead of
 * stopping the event loop. A failed write is reported and tried again; nothing queued is dropped.
 */
export class ReceiptWriter {
  private queued: Batch = { rows: [], waiters: [] };
  /** The batch being written now, if any. */
  private writing: Batch | null = null;
  private writingDone: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** When the oldest row not yet committed arrived, ms (performance clock); null when none waits. */
  private oldestQueuedAt: number | null = null;

  private readonly repository: BroadcastRepository;
  private readonly commitEveryMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly storeTimer: StoreTimer;
  private readonly afterCommit: ((rows: readonly DeliveryWrite[]) => Promise<void>) | null;
  private readonly before: () => Promise<void>;

  constructor({ repository, commitEveryMs, onError, storeTimer = { committed: () => {} }, afterCommit = null, before = () => Promise.resolve() }: ReceiptWriterOptions) {
    this.repository = repository;
    this.commitEveryMs = commitEveryMs;
    this.onError = onError;
    this.storeTimer = storeTimer;
    this.afterCommit = afterCommit;
    this.before = before;
  }

  /** Queues a receipt for the next commit; `settled()` says when it is committed. */
  enqueue(row: DeliveryWrite): void {
    this.oldestQueuedAt ??= performance.now();
    this.queued.rows.push(row);
    this.schedule();
  }

  /** Resolves once everything queued so far is committed (at once when nothing waits). */
  settled(): Promise<void> {
    if (this.queued.rows.length > 0) {
      this.schedule();
      return new Promise((resolve) => this.queued.waiters.push(resolve));
    }
    if (this.writing) return new Promise((resolve) => this.writing!.waiters.push(resolve));
    return Promise.resolve();
  }

  /** Receipts not yet committed. */
  get pending(): number {
    return this.queued.rows.length + (this.writing?.rows.length ?? 0);
  }

  /** How long the oldest receipt not yet committed has waited, ms. */
  get lagMs(): number {
    return this.oldestQueuedAt === null ? 0 : performance.now() - this.oldestQueuedAt;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tryFlush();
    }, this.commitEveryMs);
  }

  /** Writes what is queued unless the store is busy; resolves true when it was written (or nothing waited). */
  async tryFlush(): Promise<boolean> {
    if (this.writingDone !== null) await this.writingDone;
    if (this.queued.rows.length === 0) return true;
    return this.write((rows) => this.repository.tryWriteDeliveries(rows));
  }

  /** At shutdown: waits for the store as long as it allows and writes everything queued. */
  async flushAll(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writingDone !== null) await this.writingDone;
    if (this.queued.rows.length === 0) return;
    const batch = this.take();
    await this.before();
    try {
      await this.repository.writeDeliveries(batch.rows);
    } catch (error) {
      this.writing = null;
      this.queued = { rows: [...batch.rows, ...this.queued.rows], waiters: [...batch.waiters, ...this.queued.waiters] };
      throw error;
    }
    await this.runAfterCommit(batch.rows);
    this.committed(batch);
  }

  /** The after-commit step, tried again (every 250 ms, reporting each failure) until it succeeds. */
  private async runAfterCommit(rows: readonly DeliveryWrite[]): Promise<void> {
    if (!this.afterCommit) return;
    for (;;) {
      try {
        return await this.afterCommit(rows);
      } catch (error) {
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, AFTER_COMMIT_RETRY_MS));
      }
    }
  }

  private async write(attempt: (rows: readonly DeliveryWrite[]) => Promise<boolean>): Promise<boolean> {
    const batch = this.take();
    let written = false;
    let started = 0;
    this.writingDone = (async () => {
      await this.before();
      started = performance.now();
      try {
        written = await attempt(batch.rows);
      } catch (error) {
        this.onError(error);
      }
    })();
    await this.writingDone;
    this.writingDone = null;
    this.writing = null;
    if (written) {
      this.storeTimer.committed('receipts', batch.rows.length, performance.now() - started);
      await this.runAfterCommit(batch.rows);
      this.committed(batch);
    } else {
      // Back to the front of the queue, for the next try.
      this.queued = { rows: [...batch.rows, ...this.queued.rows], waiters: [...batch.waiters, ...this.queued.waiters] };
      this.schedule();
    }
    return written;
  }

  private take(): Batch {
    const batch = this.queued;
    this.queued = { rows: [], waiters: [] };
    this.writing = batch;
    return batch;
  }

  private committed(batch: Batch): void {
    this.writing = null;
    this.oldestQueuedAt = this.queued.rows.length > 0 ? performance.now() : null;
    for (const resolve of batch.waiters) resolve();
  }
}
