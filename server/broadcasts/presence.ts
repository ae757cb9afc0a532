import type { InboxItem } from '../../common/socketCatalogue.ts';
import { CompactMultimap } from '../collections/compactMultimap.ts';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { WorkerReceipt } from '../store/broadcastRepository.ts';
import type { BroadcastRegistry } from './registry.ts';
import { CONFIRMED, DELIVERED, NONE } from './tracking.ts';
import { toWorker } from './workerBroadcast.ts';

/**
 * Which workers have a phone connected to this node (a worker may have the app open twice), and
 * what that means for their broadcasts: a worker coming online or going offline moves each
 * broadcast's offline figure; one who connects is sent what they have not received yet.
 */
export class Presence {
  /** Connected socket ids per worker (roster index). */
  readonly online = new CompactMultimap<number, string>();

  constructor(
    private readonly registry: BroadcastRegistry,
    /**
     * A worker's stored receipts for some broadcasts, where other nodes take receipts too (with
     * Redis): a phone that connects here may have answered elsewhere. Null: every receipt of a
     * worker connected here was taken here.
     */
    private readonly storedReceipts: ((workerIndex: number, broadcastIds: string[]) => Promise<WorkerReceipt[]>) | null = null,
  ) {}

  /** A worker's socket connected: resolves to the active broadcasts they have not received. */
  async connected(workerIndex: number, socketId: string): Promise<WorkerBroadcast[]> {
    if (this.online.add(workerIndex, socketId) === 1) this.changed(workerIndex, 1);
    await this.learnStored(workerIndex);
    return this.undelivered(workerIndex);
  }

  /** What the store says this worker did with the broadcasts followed here that this node has not seen them answer. */
  private async learnStored(workerIndex: number): Promise<void> {
    if (!this.storedReceipts) return;
    const open = [...this.registry.all()].filter((t) => t.targeted[workerIndex] && t.status[workerIndex] !== CONFIRMED);
    if (open.length === 0) return;
    for (const r of await this.storedReceipts(
      workerIndex,
      open.map((t) => t.broadcast.id),
    )) {
      const t = this.registry.get(r.broadcastId);
      if (!t) continue;
      const online = this.online.has(workerIndex);
      const before = t.status[workerIndex];
      if (r.deliveredAtMs !== null) t.mark(workerIndex, DELIVERED, r.deliveredAtMs, online);
      if (r.confirmedAtMs !== null) t.mark(workerIndex, CONFIRMED, r.confirmedAtMs, online);
      if (t.status[workerIndex] !== before) this.registry.touch(r.broadcastId);
    }
  }

  disconnected(workerIndex: number, socketId: string): void {
    if (this.online.delete(workerIndex, socketId) === 0) this.changed(workerIndex, -1);
  }

  /** A worker came online (+1) or went offline (−1): the offline figure of their broadcasts moved. */
  private changed(workerIndex: number, delta: 1 | -1): void {
    for (const t of this.registry.all()) {
      t.presence(workerIndex, delta);
      if (t.targeted[workerIndex] && t.broadcast.state === 'active') this.registry.touch(t.broadcast.id);
    }
  }

  private undelivered(workerIndex: number): WorkerBroadcast[] {
    return [...this.registry.all()].filter((t) => t.broadcast.state === 'active' && t.targeted[workerIndex] && t.status[workerIndex] === NONE).map((t) => toWorker(t.broadcast));
  }

  /** The worker's broadcasts within the tracking window, newest first, with what they have done with each. */
  async inbox(workerIndex: number): Promise<InboxItem[]> {
    await this.learnStored(workerIndex);
    return [...this.registry.all()]
      .filter((t) => t.targeted[workerIndex])
      .sort((a, b) => b.broadcast.sentAtMs - a.broadcast.sentAtMs)
      .map((t) => ({
        ...toWorker(t.broadcast),
        cancelled: t.broadcast.state === 'cancelled',
        delivered: t.status[workerIndex]! >= DELIVERED,
        confirmed: t.status[workerIndex] === CONFIRMED,
      }));
  }
}
