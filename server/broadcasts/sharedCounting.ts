import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import type { DeliveryWrite, StoredDelivery } from '../store/broadcastRepository.ts';
import type { CountingParts, Figures, ReceiptCounting } from './receiptCounting.ts';
import type { ClaimedReceipt, SharedFigures, SharedReceipts } from './sharedReceipts.ts';
import type { Tracking } from './tracking.ts';

/** What counting across equal nodes needs of the topology: the counters, this node's id, who is alive, and whether it announces progress. */
export interface SharedCountingRole {
  receipts: SharedReceipts;
  nodeId: string;
  alive: () => ReadonlySet<string>;
  /** Whether this node announces progress (it holds the feed's lease). */
  leads: () => boolean;
}

/** Broadcasts announced by the lead node at every tick even if no receipt moved them: sent within this, ms. */
const RECENT_MS = 15 * 60_000;

/**
 * Counting across equal nodes (Redis): each receipt, committed on whichever node took it, is
 * counted once in counters every node shares; each node adds its connected figures. At each tick
 * every node reports those; the node holding the feed's lease reads the shared figures of the
 * active and recent broadcasts and announces those that changed. Counters Redis lost are rebuilt
 * from the store's rows by whichever node notices first.
 */
export class SharedCounting implements ReceiptCounting {
  /** The latest shared figures read, per broadcast. */
  private readonly sharedFigures = new Map<string, SharedFigures>();
  private readonly seeding = new Set<string>();
  readonly afterCommit: (rows: readonly DeliveryWrite[]) => Promise<void>;
  readonly storedReceipts: NonNullable<ReceiptCounting['storedReceipts']>;

  constructor(
    private readonly parts: CountingParts,
    private readonly role: SharedCountingRole,
  ) {
    this.afterCommit = (rows) => this.count(rows);
    this.storedReceipts = (index, ids) => parts.repository.receiptsOf(parts.directory.idOf(index), ids);
  }

  /** Each node learns a worker's receipts when their phone connects; the counters hold the rest. */
  async loaded(): Promise<void> {}

  /** A new broadcast's counters are whole from the start: no stored receipts to rebuild them from. */
  sent(id: string): Promise<void> {
    return this.role.receipts.markSeeded(id);
  }

  figuresOf(t: Tracking): Figures {
    const f = this.sharedFigures.get(t.broadcast.id);
    if (!f) return { delivered: 0, confirmed: 0, connected: 0, connectedReached: 0, latency: t.latency, deliveredByDistrict: () => 0, allDeliveredAtMs: null, connectedReachedAtMs: null };
    return { ...f, deliveredByDistrict: (d) => f.deliveredByDistrict[d] ?? 0 };
  }

  async refresh(id: string): Promise<void> {
    if (this.parts.registry.get(id)) await this.read([id]);
  }

  /**
   * This node's connected figures go to Redis for the broadcasts they moved on; the lead node then
   * reads the shared figures of the active and recent broadcasts and announces those that changed.
   */
  async tick(progressOf: (id: string) => BroadcastProgress | null, publish: (changed: BroadcastProgress[]) => void): Promise<void> {
    const { registry } = this.parts;
    for (const id of this.sharedFigures.keys()) if (!registry.get(id)) this.sharedFigures.delete(id);
    const unreported = [...registry.unreported];
    registry.unreported.clear();
    await Promise.all(
      unreported.flatMap((id) => {
        const t = registry.get(id);
        return t ? [this.role.receipts.setOnline(id, this.role.nodeId, t.onlineTargeted, t.onlineDelivered)] : [];
      }),
    );
    if (!this.role.leads()) {
      registry.changed.clear();
      return;
    }
    const now = this.parts.clock();
    const watched = [...registry.all()].filter((t) => t.broadcast.state === 'active' || now - t.broadcast.sentAtMs < RECENT_MS || registry.changed.has(t.broadcast.id)).map((t) => t.broadcast.id);
    const changed = new Set(registry.changed);
    registry.changed.clear();
    for (const id of await this.read(watched)) changed.add(id);
    const progress = [...changed].map(progressOf).filter((p): p is BroadcastProgress => p !== null);
    if (progress.length) publish(progress);
  }

  /** Reads the shared figures; returns the broadcasts whose figures moved. Stamps the moments once, and rebuilds lost counters. */
  private async read(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const { receipts } = this.role;
    const read = await receipts.figures(ids, this.role.alive());
    const moved: string[] = [];
    const now = this.parts.clock();
    for (const [id, f] of read) {
      const t = this.parts.registry.get(id);
      if (!t) continue;
      if (!f.seeded) this.seedLater(id);
      if (f.allDeliveredAtMs === null && t.targets.length > 0 && f.delivered >= t.targets.length) {
        f.allDeliveredAtMs = now;
        await receipts.stampOnce(id, 'allAt', now);
      }
      if (f.connectedReachedAtMs === null && f.connected > 0 && f.connectedReached >= f.connected) {
        f.connectedReachedAtMs = now;
        await receipts.stampOnce(id, 'reachedAt', now);
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

  /** A receipt (committed, or read back from the store) as the shared counters take it; null for a worker off the roster or a row saying nothing. */
  private claimOf(sentAtMs: number, receipt: StoredDelivery): ClaimedReceipt | null {
    const { directory } = this.parts;
    const index = directory.indexOf(receipt.worker);
    const firstAtMs = receipt.deliveredAtMs ?? receipt.confirmedAtMs;
    if (index < 0 || firstAtMs === null) return null;
    return { index, district: directory.districtOfWorker[index]!, confirmed: receipt.confirmedAtMs !== null, latencyMs: firstAtMs - sentAtMs };
  }

  /** Counts committed receipts in the shared counters, a call per broadcast. */
  private async count(rows: readonly DeliveryWrite[]): Promise<void> {
    const byBroadcast = new Map<string, ClaimedReceipt[]>();
    for (const row of rows) {
      const sentAtMs = this.parts.registry.get(row.broadcastId)?.broadcast.sentAtMs;
      const claim = sentAtMs === undefined ? null : this.claimOf(sentAtMs, row);
      if (!claim) continue;
      const list = byBroadcast.get(row.broadcastId) ?? [];
      list.push(claim);
      byBroadcast.set(row.broadcastId, list);
    }
    await Promise.all([...byBroadcast].map(([id, list]) => this.role.receipts.claim(id, list)));
  }

  /** Counters without the store's receipts in them (a new Redis, or one that lost its data): rebuilt once, in the background. Idempotent, so any node may. */
  private seedLater(id: string): void {
    if (this.seeding.has(id)) return;
    this.seeding.add(id);
    void this.seed(id)
      .catch(this.parts.onError)
      .finally(() => this.seeding.delete(id));
  }

  private async seed(id: string): Promise<void> {
    const t = this.parts.registry.get(id);
    if (!t) return;
    const claimed = (await this.parts.repository.deliveriesOf(id)).flatMap((d) => this.claimOf(t.broadcast.sentAtMs, d) ?? []);
    await this.role.receipts.claim(id, claimed);
    await this.role.receipts.markSeeded(id);
  }
}
