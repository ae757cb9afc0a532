import type { DeliveryWrite } from '../store/broadcastRepository.ts';
import { ReceiptWriter, type ReceiptWriterOptions } from './receiptWriter.ts';

/**
 * Confirmations are committed this many times less often than deliveries (every second at the
 * default 100 ms): a person's tap needs no tenth of a second, and fewer, larger batches of them
 * leave the store and the counters to the deliveries still arriving.
 */
const CONFIRMATION_COMMIT_FACTOR = 10;

/**
 * Receipts in two lanes, each its own group commit: a worker's first receipt (delivered) and a
 * confirmation of a broadcast already counted as delivered. A person's tap comes 1–8 s after the
 * delivery, while the rest of the city's deliveries are still arriving; in one lane the last
 * deliveries waited behind batches of tens of thousands of confirmations. The confirmation lane
 * writes a batch only once every first receipt queued before it is committed, so a worker's row
 * and counters never see the confirmation before the delivery.
 */
export class ReceiptLanes {
  private readonly firsts: ReceiptWriter;
  private readonly confirmations: ReceiptWriter;

  constructor(options: Omit<ReceiptWriterOptions, 'before'>) {
    this.firsts = new ReceiptWriter(options);
    this.confirmations = new ReceiptWriter({ ...options, commitEveryMs: options.commitEveryMs * CONFIRMATION_COMMIT_FACTOR, before: () => this.firsts.settled() });
  }

  /** Queues a row in its lane; the lane's `settled()` says when it is committed. */
  enqueue(row: DeliveryWrite): ReceiptWriter {
    const lane = row.deliveredAtMs === null ? this.confirmations : this.firsts;
    lane.enqueue(row);
    return lane;
  }

  /** Resolves once everything queued so far, in both lanes, is committed. */
  settled(): Promise<void> {
    return Promise.all([this.firsts.settled(), this.confirmations.settled()]).then(() => undefined);
  }

  /** Commits what is queued now if the store is free; true when both lanes were written (or nothing waited). */
  async tryFlush(): Promise<boolean> {
    const firsts = await this.firsts.tryFlush();
    return (await this.confirmations.tryFlush()) && firsts;
  }

  /** At shutdown: every queued receipt committed, deliveries first. */
  async flushAll(): Promise<void> {
    await this.firsts.flushAll();
    await this.confirmations.flushAll();
  }

  /** Receipts not yet committed. */
  get pending(): number {
    return this.firsts.pending + this.confirmations.pending;
  }

  /** How long the oldest receipt not yet committed has waited, ms. */
  get lagMs(): number {
    return Math.max(this.firsts.lagMs, this.confirmations.lagMs);
  }
}
