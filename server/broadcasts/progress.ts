import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { ReceiptCounting } from './receiptCounting.ts';
import type { BroadcastRegistry } from './registry.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/**
 * How each broadcast is landing, at a glance: the figures of the receipt counting in use (this
 * process's, or the counters equal nodes share), and on its clock the progress of every broadcast
 * that changed handed to `publish` (the consoles and walls) where this node announces it.
 */
export class ProgressReporter {
  private readonly task: RepeatingTask;
  private publish: (changed: BroadcastProgress[]) => void = () => {};

  constructor(
    private readonly registry: BroadcastRegistry,
    private readonly directory: WorkerDirectory,
    private readonly counting: ReceiptCounting,
    onError: (error: unknown) => void,
  ) {
    this.task = new RepeatingTask(() => this.counting.tick((id) => this.progress(id), this.publish), onError);
  }

  progress(id: string): BroadcastProgress | null {
    const t = this.registry.get(id);
    if (!t) return null;
    const f = this.counting.figuresOf(t);
    return {
      id,
      title: t.broadcast.content.title,
      priority: t.broadcast.content.priority,
      state: t.broadcast.state,
      sentAtMs: t.broadcast.sentAtMs,
      targeted: t.targets.length,
      delivered: f.delivered,
      confirmed: f.confirmed,
      offline: t.targets.length - f.connected,
      connected: f.connected,
      connectedReached: f.connectedReached,
      connectedReachedAtMs: f.connectedReachedAtMs,
      waitingOffline: Math.max(0, t.targets.length - f.connected - (f.delivered - f.connectedReached)),
      p50DeliveryMs: f.latency.percentile(0.5),
      p99DeliveryMs: f.latency.percentile(0.99),
      allDeliveredAtMs: f.allDeliveredAtMs,
      byDistrict: this.directory.districtCodes.flatMap((code, d) => (t.targetedByDistrict[d] ? [{ code, targeted: t.targetedByDistrict[d]!, delivered: f.deliveredByDistrict(d) }] : [])),
    };
  }

  /** Progress as of now: the figures are read afresh first (any node may be asked). */
  async current(id: string): Promise<BroadcastProgress | null> {
    await this.counting.refresh(id);
    return this.progress(id);
  }

  /** The most recent broadcast's progress, for a wall or console that has just joined. */
  latest(): BroadcastProgress | null {
    let latest: { id: string; sentAtMs: number } | null = null;
    for (const t of this.registry.all()) if (!latest || t.broadcast.sentAtMs > latest.sentAtMs) latest = { id: t.broadcast.id, sentAtMs: t.broadcast.sentAtMs };
    return latest ? this.progress(latest.id) : null;
  }

  start(cadenceMs: number, publish: (changed: BroadcastProgress[]) => void): void {
    this.publish = publish;
    this.task.start(cadenceMs);
  }

  stop(): void {
    this.task.stop();
  }
}
