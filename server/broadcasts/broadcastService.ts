import type { Principal } from '../../common/domain/auth.ts';
import type { Broadcast, BroadcastProgress, BroadcastSendRequest, GridStragglers, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { InboxItem } from '../../common/socketCatalogue.ts';
import type { StoreTimer } from '../observability/metrics.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import type { BroadcastRepository, DeliveryWrite, StoredDelivery } from '../store/broadcastRepository.ts';
import type { BroadcastBus } from './clusterBus.ts';
import { BroadcastLedger } from './ledger.ts';
import { Presence } from './presence.ts';
import { ProgressReporter } from './progress.ts';
import { ReceiptBook } from './receipts.ts';
import { BroadcastRegistry } from './registry.ts';
import { Resender } from './resends.ts';
import type { ClaimedReceipt, SharedReceipts } from './sharedReceipts.ts';
import { type GridStragglerList, Stragglers } from './stragglers.ts';
import type { OfficerScope, WorkerDirectory } from './workerDirectory.ts';

export type { WorkerNamespace } from '../realtime/namespaces.ts';

export interface BroadcastOptions {
  receiptCommitMs: number;
  storeTimer?: StoreTimer;
  /** Broadcasts are followed live (receipts, resends, progress) for this long after sending, ms. */
  trackForMs: number;
  onError: (error: unknown) => void;
  /** With Redis: counts shared by every node, and which duties this node holds the lease of. */
  shared?: SharedBroadcasting;
}

/** How a node counts and leads when every node is whole (Redis). */
export interface SharedBroadcasting {
  receipts: SharedReceipts;
  nodeId: string;
  alive: () => ReadonlySet<string>;
  /** Whether this node holds the lease of a duty: announcing progress (with the wall feed), or telling grid leaders of stragglers. */
  leads: (duty: 'feed' | 'stragglers') => boolean;
}
const DEFAULT_OPTIONS: BroadcastOptions = { receiptCommitMs: 100, trackForMs: 24 * 3_600_000, onError: () => {} };

/** The clocks the parts run on once started. */
export interface BroadcastClocks {
  /** Resend rounds, the confirmation deadline check and forgetting, ms. */
  resendMs: number;
  /** Progress to consoles and walls (and counts to the other nodes), ms. */
  progressMs: number;
  /** Where changed progress goes at each progress tick. */
  publish: (changed: BroadcastProgress[]) => void;
}

/**
 * 市域指令, assembled from its parts — the ledger (send/update/cancel, stored first), receipts
 * (per-worker facts in the store, counted once), presence, resends, stragglers and progress —
 * around one registry of the broadcasts followed live. Each part owns its clock; `start` loads
 * what the store holds and starts them, `stop` stops them and commits every receipt a phone was
 * told is safe.
 */
export class BroadcastService {
  readonly registry: BroadcastRegistry;
  readonly ledger: BroadcastLedger;
  readonly receipts: ReceiptBook;
  readonly presence: Presence;
  readonly resender: Resender;
  readonly stragglerLists: Stragglers;
  readonly progressReporter: ProgressReporter;

  constructor(
    private readonly repository: BroadcastRepository,
    private readonly directory: WorkerDirectory,
    workers: WorkerNamespace,
    clock: () => number,
    bus: BroadcastBus | null = null,
    options: BroadcastOptions = DEFAULT_OPTIONS,
  ) {
    const shared = options.shared ?? null;
    // Asked only when a broadcast is tracked, after construction: presence exists by then.
    this.registry = new BroadcastRegistry(repository, directory, clock, options.trackForMs, () => this.presence.online.keys(), bus, options.onError, !shared && (!bus || bus.node === 0));
    this.presence = new Presence(this.registry, shared ? (index, ids) => repository.receiptsOf(directory.idOf(index), ids) : null);
    this.ledger = new BroadcastLedger(repository, directory, this.registry, workers, clock, bus, shared?.receipts ?? null);
    this.receipts = new ReceiptBook(repository, this.registry, directory, clock, (index) => this.presence.online.has(index), options, shared ? (rows) => this.countShared(shared, rows) : null);
    this.resender = new Resender(this.registry, this.presence, workers, clock, options.onError);
    const stragglerRole = shared ? { leads: () => shared.leads('stragglers'), readsStore: true } : { leads: () => !bus || bus.node === 0, readsStore: bus !== null };
    this.stragglerLists = new Stragglers(repository, this.registry, this.ledger, this.receipts, directory, workers, clock, stragglerRole, options.onError);
    this.progressReporter = new ProgressReporter(
      this.registry,
      directory,
      clock,
      bus,
      options.onError,
      shared && { receipts: shared.receipts, nodeId: shared.nodeId, alive: shared.alive, leads: () => shared.leads('feed'), seed: (id) => this.seedShared(shared, id) },
    );
  }

  /** A receipt (committed, or read back from the store) as the shared counters take it; null for a worker off the roster or a row saying nothing. */
  private claimOf(sentAtMs: number, receipt: StoredDelivery): ClaimedReceipt | null {
    const index = this.directory.indexOf(receipt.worker);
    const firstAtMs = receipt.deliveredAtMs ?? receipt.confirmedAtMs;
    if (index < 0 || firstAtMs === null) return null;
    return { index, district: this.directory.districtOfWorker[index]!, confirmed: receipt.confirmedAtMs !== null, latencyMs: firstAtMs - sentAtMs };
  }

  /** Counts committed receipts in the shared counters, a call per broadcast. */
  private async countShared(shared: SharedBroadcasting, rows: readonly DeliveryWrite[]): Promise<void> {
    const byBroadcast = new Map<string, ClaimedReceipt[]>();
    for (const row of rows) {
      const sentAtMs = this.registry.get(row.broadcastId)?.broadcast.sentAtMs;
      const claim = sentAtMs === undefined ? null : this.claimOf(sentAtMs, row);
      if (!claim) continue;
      const list = byBroadcast.get(row.broadcastId) ?? [];
      list.push(claim);
      byBroadcast.set(row.broadcastId, list);
    }
    await Promise.all([...byBroadcast].map(([id, list]) => shared.receipts.claim(id, list)));
  }

  /** Rebuilds a broadcast's shared counters from the store's receipt rows: idempotent, so any node may. */
  private async seedShared(shared: SharedBroadcasting, id: string): Promise<void> {
    const t = this.registry.get(id);
    if (!t) return;
    const claimed = (await this.repository.deliveriesOf(id)).flatMap((d) => this.claimOf(t.broadcast.sentAtMs, d) ?? []);
    await shared.receipts.claim(id, claimed);
    await shared.receipts.markSeeded(id);
  }

  /** Follows again what the store holds within the window, then starts every part's clock. */
  async start(clocks: BroadcastClocks): Promise<void> {
    await this.registry.load();
    this.resender.start(clocks.resendMs);
    this.stragglerLists.start(clocks.resendMs);
    this.registry.start(clocks.resendMs);
    this.progressReporter.start(clocks.progressMs, clocks.publish);
  }

  /** Stops every clock and commits every queued receipt. */
  async stop(): Promise<void> {
    this.resender.stop();
    this.stragglerLists.stop();
    this.registry.stop();
    this.progressReporter.stop();
    await this.receipts.flushAll();
  }

  // The parts' operations, for the routes and namespaces.

  countTargets(request: Pick<BroadcastSendRequest, 'scope'>): number {
    return this.ledger.countTargets(request);
  }

  send(request: BroadcastSendRequest, sender: Principal): Promise<Broadcast> {
    return this.ledger.send(request, sender);
  }

  update(id: string, content: Broadcast['content'], by: string): Promise<Broadcast | 'cancelled' | null> {
    return this.ledger.update(id, content, by);
  }

  cancel(id: string, by: string): Promise<Broadcast | null> {
    return this.ledger.cancel(id, by);
  }

  get(id: string): Promise<Broadcast | null> {
    return this.ledger.get(id);
  }

  history(limit: number): Promise<Broadcast[]> {
    return this.ledger.history(limit);
  }

  receipt(workerIndex: number, id: string, kind: 'delivered' | 'confirmed'): Promise<string | null> {
    return this.receipts.receipt(workerIndex, id, kind);
  }

  /** A phone connected: what it missed, and for a grid leader the lists of their grid past deadline. */
  async connected(workerIndex: number, socketId: string): Promise<{ broadcasts: WorkerBroadcast[]; stragglers: GridStragglers[] }> {
    return { broadcasts: await this.presence.connected(workerIndex, socketId), stragglers: this.stragglerLists.forLeader(workerIndex) };
  }

  disconnected(workerIndex: number, socketId: string): void {
    this.presence.disconnected(workerIndex, socketId);
  }

  inbox(workerIndex: number): Promise<InboxItem[]> {
    return this.presence.inbox(workerIndex);
  }

  resend(minAgeMs = 0): number {
    return this.resender.resend(minAgeMs);
  }

  escalateOverdue(): Promise<number> {
    return this.stragglerLists.escalateOverdue();
  }

  stragglers(id: string, area: OfficerScope): Promise<GridStragglerList[]> {
    return this.stragglerLists.listFor(id, area);
  }

  forgetOld(): number {
    return this.registry.forgetOld();
  }

  progress(id: string): BroadcastProgress | null {
    return this.progressReporter.progress(id);
  }

  /** Progress as of now, read from the shared counters where the nodes share them. */
  currentProgress(id: string): Promise<BroadcastProgress | null> {
    return this.progressReporter.current(id);
  }

  latestProgress(): BroadcastProgress | null {
    return this.progressReporter.latest();
  }

  takeChanged(): BroadcastProgress[] {
    return this.progressReporter.takeChanged();
  }

  reportCounts(): void {
    this.progressReporter.reportCounts();
  }

  /** For the metrics: broadcasts followed live and still active. */
  get inFlight(): number {
    let active = 0;
    for (const t of this.registry.all()) if (t.broadcast.state === 'active') active++;
    return active;
  }
}
