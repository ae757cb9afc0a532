import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { CountingParts, Figures, ReceiptCounting } from './receiptCounting.ts';
import { CONFIRMED, DELIVERED, type Tracking } from './tracking.ts';

/**
 * Counting in one process: every receipt is taken here, so each broadcast's Tracking is its count.
 * At start the receipts the store holds are counted again; at each tick the broadcasts that
 * changed are announced.
 */
export class LocalCounting implements ReceiptCounting {
  readonly afterCommit = null;
  readonly storedReceipts = null;

  constructor(private readonly parts: CountingParts) {}

  async loaded(tracked: readonly Tracking[]): Promise<void> {
    const { repository, directory } = this.parts;
    for (const tracking of tracked)
      for (const d of await repository.deliveriesOf(tracking.broadcast.id)) {
        const index = directory.indexOf(d.worker);
        if (index < 0) continue;
        if (d.deliveredAtMs !== null) tracking.mark(index, DELIVERED, d.deliveredAtMs);
        if (d.confirmedAtMs !== null) tracking.mark(index, CONFIRMED, d.confirmedAtMs);
      }
  }

  async sent(): Promise<void> {}

  figuresOf(t: Tracking): Figures {
    // mark() stamps the moments as receipts come; a worker going offline may also complete the connected ones.
    if (t.connectedReachedAtMs === null && t.onlineTargeted > 0 && t.onlineDelivered >= t.onlineTargeted) t.connectedReachedAtMs = this.parts.clock();
    return {
      delivered: t.delivered,
      confirmed: t.confirmed,
      connected: t.onlineTargeted,
      connectedReached: t.onlineDelivered,
      latency: t.latency,
      deliveredByDistrict: (d) => t.deliveredByDistrict[d] ?? 0,
      allDeliveredAtMs: t.allDeliveredAtMs,
      connectedReachedAtMs: t.connectedReachedAtMs,
    };
  }

  async refresh(): Promise<void> {}

  async tick(progressOf: (id: string) => BroadcastProgress | null, publish: (changed: BroadcastProgress[]) => void): Promise<void> {
    const { registry } = this.parts;
    const changed = [...registry.changed].map(progressOf).filter((p): p is BroadcastProgress => p !== null);
    registry.changed.clear();
    registry.unreported.clear();
    if (changed.length) publish(changed);
  }
}
