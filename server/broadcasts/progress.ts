import type { BroadcastProgress, NodeCounts } from '../../common/domain/broadcasts.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { BroadcastBus } from './clusterBus.ts';
import type { BroadcastRegistry } from './registry.ts';
import type { SharedFigures, SharedReceipts } from './sharedReceipts.ts';
import type { Tracking } from './tracking.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** Where the nodes share their counts in Redis: the counters, this node's id, and who is alive. */
export interface SharedCounting {
  receipts: SharedReceipts;
  nodeId: string;
  alive: () => ReadonlySet<string>;
  /** Whether this node announces progress (it holds the feed's lease). */
  leads: () => boolean;
  /** Rebuilds a broadcast's counters from the store's receipt rows (after Redis lost them). */
  seed: (id: string) => Promise<void>;
}

/** Broadcasts announced by the lead node at every tick even if no receipt moved them: sent within this, ms. */
const RECENT_MS = 15 * 60_000;

/** The figures a progress report is made of, however they were counted. */
interface Figures {
  delivered: number;
  confirmed: number;
  connected: number;
  connectedReached: number;
  latency: SharedFigures['latency'];
  deliveredByDistrict: (d: number) => number;
  allDeliveredAtMs: number | null;
  connectedReachedAtMs: number | null;
}

/**
 * How each broadcast is landing, at a glance. Counted one of two ways: on one machine, this
 * node's receipts plus every other node's last report over the cluster bus; with Redis, the
 * counters every node shares (receipts counted once, whichever node took them) plus the live
 * nodes' connected figures. On its clock it reports this node's figures (to the bus or to Redis)
 * and hands the progress of every broadcast that changed to `publish` (the consoles and walls) —
 * with Redis, only on the node that holds the feed's lease.
 */
export class ProgressReporter {
  private readonly task: RepeatingTask;
  private publish: (changed: BroadcastProgress[]) => void = () => {};
  /** With Redis: the latest shared figures read, per broadcast. */
  private readonly sharedFigures = new Map<string, SharedFigures>();
  private readonly seeding = new Set<string>();

  constructor(
    private readonly registry: BroadcastRegistry,
    private readonly directory: WorkerDirectory,
    private readonly clock: () => number,
    private readonly bus: BroadcastBus | null,
    private readonly onError: (error: unknown) => void,
    private readonly shared: SharedCounting | null = null,
  ) {
    if (!shared) bus?.onCounts((counts) => this.received(counts));
    this.task = new RepeatingTask(async () => {
      if (this.shared) return this.sharedTick(this.shared);
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
    })().catch(this.onError);
  }

  private localFigures(t: Tracking): Figures {
    const local = t.counts(this.bus?.node ?? 0);
    const remote = [...t.remote.values()];
    const sum = (pick: (c: NodeCounts) => number) => pick(local) + remote.reduce((total, c) => total + pick(c), 0);
    const delivered = sum((c) => c.delivered);
    const connected = sum((c) => c.onlineTargeted);
    const connectedReached = sum((c) => c.onlineDelivered);
    if (t.connectedReachedAtMs === null && connected > 0 && connectedReached >= connected) t.connectedReachedAtMs = this.clock();
    // On a single node mark() stamps the exact moment; across nodes it is the first report that adds up.
    if (t.allDeliveredAtMs === null && delivered >= t.targets.length && t.targets.length > 0) t.allDeliveredAtMs = this.clock();
    return {
      delivered,
      confirmed: sum((c) => c.confirmed),
      connected,
      connectedReached,
      latency: remote.length ? t.latency.mergedWith(remote.map((c) => c.latency)) : t.latency,
      deliveredByDistrict: (d) => sum((c) => c.deliveredByDistrict[d] ?? 0),
      allDeliveredAtMs: t.allDeliveredAtMs,
      connectedReachedAtMs: t.connectedReachedAtMs,
    };
  }

  private figuresOf(t: Tracking): Figures {
    if (!this.shared) return this.localFigures(t);
    const f = this.sharedFigures.get(t.broadcast.id);
    if (!f)
      return { delivered: 0, confirmed: 0, connected: 0, connectedReached: 0, latency: t.latency.mergedWith([]), deliveredByDistrict: () => 0, allDeliveredAtMs: null, connectedReachedAtMs: null };
    return { ...f, deliveredByDistrict: (d) => f.deliveredByDistrict[d] ?? 0 };
  }

  progress(id: string): BroadcastProgress | null {
    const t = this.registry.get(id);
    if (!t) return null;
    const f = this.figuresOf(t);
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

  /** Progress as of now: with Redis the shared counters are read first (any node may be asked). */
  async current(id: string): Promise<BroadcastProgress | null> {
    if (this.shared && this.registry.get(id)) await this.refresh(this.shared, [id]);
    return this.progress(id);
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
    if (!this.bus || this.shared || this.registry.unreported.size === 0) return;
    const bus = this.bus;
    const counts = [...this.registry.unreported].flatMap((id) => this.registry.get(id)?.counts(bus.node) ?? []);
    this.registry.unreported.clear();
    bus.publishCounts(counts);
  }

  /**
   * With Redis: this node's connected figures go to Redis for the broadcasts they moved on; the
   * lead node then reads the shared figures of the active and recent broadcasts and announces
   * those that changed.
   */
  private async sharedTick(shared: SharedCounting): Promise<void> {
    for (const id of this.sharedFigures.keys()) if (!this.registry.get(id)) this.sharedFigures.delete(id);
    const unreported = [...this.registry.unreported];
    this.registry.unreported.clear();
    await Promise.all(
      unreported.flatMap((id) => {
        const t = this.registry.get(id);
        return t ? [shared.receipts.setOnline(id, shared.nodeId, t.onlineTargeted, t.onlineDelivered)] : [];
      }),
    );
    if (!shared.leads()) {
      this.registry.changed.clear();
      return;
    }
    const now = this.clock();
    const watched = [...this.registry.all()]
      .filter((t) => t.broadcast.state === 'active' || now - t.broadcast.sentAtMs < RECENT_MS || this.registry.changed.has(t.broadcast.id))
      .map((t) => t.broadcast.id);
    const changed = new Set(this.registry.changed);
    this.registry.changed.clear();
    for (const id of await this.refresh(shared, watched)) changed.add(id);
    const progress = [...changed].map((id) => this.progress(id)).filter((p): p is BroadcastProgress => p !== null);
    if (progress.length) this.publish(progress);
  }

  /** Reads the shared figures; returns the broadcasts whose figures moved. Stamps the moments once, and rebuilds lost counters. */
  private async refresh(shared: SharedCounting, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const alive = shared.alive();
    const read = await shared.receipts.figures(ids, alive);
    const moved: string[] = [];
    const now = this.clock();
    for (const [id, f] of read) {
      const t = this.registry.get(id);
      if (!t) continue;
      if (!f.seeded) this.seedLater(shared, id);
      if (f.allDeliveredAtMs === null && t.targets.length > 0 && f.delivered >= t.targets.length) {
        f.allDeliveredAtMs = now;
        await shared.receipts.stampOnce(id, 'allAt', now);
      }
      if (f.connectedReachedAtMs === null && f.connected > 0 && f.connectedReached >= f.connected) {
        f.connectedReachedAtMs = now;
        await shared.receipts.stampOnce(id, 'reachedAt', now);
      }
      const before = this.sharedFigures.get(id);
      this.sharedFigures.set(id, f);
      if (
        !before ||
        before.delivered !== f.delivered ||
        before.confirmed !== f.confirmed ||
        before.connected !== f.connected ||
        before.connectedReached !== f.connectedReached ||
        before.allDeliveredAtMs !== f.allDeliveredAtMs
      )
        moved.push(id);
    }
    return moved;
  }

  /** Counters without the store's receipts in them (a new Redis, or one that lost its data): rebuilt once, in the background. */
  private seedLater(shared: SharedCounting, id: string): void {
    if (this.seeding.has(id)) return;
    this.seeding.add(id);
    void shared
      .seed(id)
      .catch(this.onError)
      .finally(() => this.seeding.delete(id));
  }

  start(cadenceMs: number, publish: (changed: BroadcastProgress[]) => void): void {
    this.publish = publish;
    this.task.start(cadenceMs);
  }

  stop(): void {
    this.task.stop();
  }
}
