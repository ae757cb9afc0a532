import type { BroadcastProgress, NodeCounts } from '../../common/domain/broadcasts.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { BroadcastBus } from './clusterBus.ts';
import type { BroadcastRegistry } from './registry.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/**
 * How each broadcast is landing, at a glance: this node's receipts plus every other node's last
 * report. On its clock it reports this node's changed counts to the others and hands the
 * progress of every broadcast that changed to `publish` (the consoles and walls).
 */
export class ProgressReporter {
  private readonly task: RepeatingTask;
  private publish: (changed: BroadcastProgress[]) => void = () => {};

  constructor(
    private readonly registry: BroadcastRegistry,
    private readonly directory: WorkerDirectory,
    private readonly clock: () => number,
    private readonly bus: BroadcastBus | null,
    onError: (error: unknown) => void,
  ) {
    bus?.onCounts((counts) => this.received(counts));
    this.task = new RepeatingTask(() => {
      this.reportCounts();
      const changed = this.takeChanged();
      if (changed.length) this.publish(changed);
    }, onError);
  }

  /** Other nodes' counts: kept per node (the latest replaces the last), never added twice. */
  private received(counts: NodeCounts[]): void {
    void (async () => {
      for (const c of counts) {
        if (!this.bus || c.node === this.bus.node) continue;
        const t = this.registry.get(c.id) ?? (await this.registry.adoptStored(c.id));
        if (!t) continue;
        t.remote.set(c.node, c);
        this.registry.touch(c.id, false);
      }
    })();
  }

  progress(id: string): BroadcastProgress | null {
    const t = this.registry.get(id);
    if (!t) return null;
    const local = t.counts(this.bus?.node ?? 0);
    const remote = [...t.remote.values()];
    const sum = (pick: (c: NodeCounts) => number) => pick(local) + remote.reduce((total, c) => total + pick(c), 0);
    const delivered = sum((c) => c.delivered);
    const connected = sum((c) => c.onlineTargeted);
    const connectedReached = sum((c) => c.onlineDelivered);
    if (t.connectedReachedAtMs === null && connected > 0 && connectedReached >= connected) t.connectedReachedAtMs = this.clock();
    const latency = remote.length ? t.latency.mergedWith(remote.map((c) => c.latency)) : t.latency;
    // On a single node mark() stamps the exact moment; across nodes it is the first report that adds up.
    if (t.allDeliveredAtMs === null && delivered >= t.targets.length && t.targets.length > 0) t.allDeliveredAtMs = this.clock();
    return {
      id,
      title: t.broadcast.content.title,
      priority: t.broadcast.content.priority,
      state: t.broadcast.state,
      sentAtMs: t.broadcast.sentAtMs,
      targeted: t.targets.length,
      delivered,
      confirmed: sum((c) => c.confirmed),
      offline: t.targets.length - connected,
      connected,
      connectedReached,
      connectedReachedAtMs: t.connectedReachedAtMs,
      waitingOffline: Math.max(0, t.targets.length - connected - (delivered - connectedReached)),
      p50DeliveryMs: latency.percentile(0.5),
      p99DeliveryMs: latency.percentile(0.99),
      allDeliveredAtMs: t.allDeliveredAtMs,
      byDistrict: this.directory.districtCodes.flatMap((code, d) =>
        t.targetedByDistrict[d] ? [{ code, targeted: t.targetedByDistrict[d]!, delivered: sum((c) => c.deliveredByDistrict[d] ?? 0) }] : [],
      ),
    };
  }

  /** The most recent broadcast's progress, for a wall or console that has just joined. */
  latest(): BroadcastProgress | null {
    let latest: { id: string; sentAtMs: number } | null = null;
    for (const t of this.registry.all()) if (!latest || t.broadcast.sentAtMs > latest.sentAtMs) latest = { id: t.broadcast.id, sentAtMs: t.broadcast.sentAtMs };
    return latest ? this.progress(latest.id) : null;
  }

  /** Progress of the broadcasts that changed since the last call. */
  takeChanged(): BroadcastProgress[] {
    const out = [...this.registry.changed].map((id) => this.progress(id)).filter((p): p is BroadcastProgress => p !== null);
    this.registry.changed.clear();
    return out;
  }

  /** Sends the other nodes this node's counts for the broadcasts whose receipts changed here. */
  reportCounts(): void {
    if (!this.bus || this.registry.unreported.size === 0) return;
    const bus = this.bus;
    const counts = [...this.registry.unreported].flatMap((id) => this.registry.get(id)?.counts(bus.node) ?? []);
    this.registry.unreported.clear();
    bus.publishCounts(counts);
  }

  start(cadenceMs: number, publish: (changed: BroadcastProgress[]) => void): void {
    this.publish = publish;
    this.task.start(cadenceMs);
  }

  stop(): void {
    this.task.stop();
  }
}
