import type { StoreTimer } from '../observability/metrics.ts';
import type { DeliveryWrite, SqliteBroadcastRepository } from '../store/sqliteBroadcastRepository.ts';

/**
 * Group commit for workers' receipts: rows gathered for `commitEveryMs` are written in one
 * transaction, and each phone is answered `{ ok: true }` only once its row is committed — an
 * acknowledged receipt survives kill -9. A cluster's nodes share the database's one write lock:
 * while another node holds it the rows wait for the next try instead of stopping the event loop.
 * A failed write is reported and tried again; nothing queued is dropped.
 */
export class ReceiptWriter {
  private rows: DeliveryWrite[] = [];
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** When the oldest row still queued arrived, ms (performance clock); null when none waits. */
  private oldestQueuedAt: number | null = null;

  constructor(
    private readonly repository: SqliteBroadcastRepository,
    private readonly commitEveryMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly storeTimer: StoreTimer = { committed: () => {} },
  ) {}

  /** Queues a receipt; resolves once it is committed. */
  add(row: DeliveryWrite): Promise<void> {
    this.oldestQueuedAt ??= performance.now();
    this.rows.push(row);
    return this.settled();
  }

  /** Resolves once everything queued so far is committed (at once when nothing waits). */
  settled(): Promise<void> {
    if (this.rows.length === 0) return Promise.resolve();
    this.schedule();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get queued(): number {
    return this.rows.length;
  }

  /** How long the oldest queued receipt has waited for its commit, ms. */
  get lagMs(): number {
    return this.oldestQueuedAt === null ? 0 : performance.now() - this.oldestQueuedAt;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tryFlush();
    }, this.commitEveryMs);
  }

  /** Writes what is queued if the lock is free; true when nothing is left waiting. */
  tryFlush(): boolean {
    if (this.rows.length === 0) return true;
    let written = false;
    const started = performance.now();
    try {
      written = this.repository.tryWriteDeliveries(this.rows);
    } catch (error) {
      this.onError(error);
    }
    if (written) this.storeTimer.committed('receipts', this.rows.length, performance.now() - started);
    if (written) this.committed();
    else this.schedule();
    return written;
  }

  /** At shutdown: waits for the lock as long as the store allows and writes everything queued. */
  flushAll(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.rows.length === 0) return;
    this.repository.writeDeliveries(this.rows);
    this.committed();
  }

  private committed(): void {
    this.rows = [];
    this.oldestQueuedAt = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
