import type { Principal } from '../../common/domain/auth.ts';
import type { Broadcast, BroadcastProgress, BroadcastSendRequest, GridStragglers, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { InboxItem } from '../../common/socketCatalogue.ts';
import type { StoreTimer } from '../observability/metrics.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import type { BroadcastRepository } from '../store/broadcastRepository.ts';
import type { BroadcastBus } from './broadcastBus.ts';
import { BroadcastLedger } from './ledger.ts';
import { Presence } from './presence.ts';
import { ProgressReporter } from './progress.ts';
import { ReceiptBook } from './receipts.ts';
import { BroadcastRegistry } from './registry.ts';
import { Resender } from './resends.ts';
import type { CountingParts, ReceiptCounting } from './receiptCounting.ts';
import { type GridStragglerList, Stragglers } from './stragglers.ts';
import type { OfficerScope, WorkerDirectory } from './workerDirectory.ts';

export type { WorkerNamespace } from '../realtime/namespaces.ts';

/** What the broadcast service is built from. */
export interface BroadcastServiceOptions {
  repository: BroadcastRepository;
  directory: WorkerDirectory;
  workers: WorkerNamespace;
  clock: () => number;
  /** Chosen with the topology: who else hears of a broadcast, how receipts are counted, and which duties this node runs. */
  coordination: BroadcastCoordination;
  receiptCommitMs?: number;
  storeTimer?: StoreTimer;
  /** Broadcasts are followed live (receipts, resends, progress) for this long after sending, ms. */
  trackForMs?: number;
  onError?: (error: unknown) => void;
}

/** What differs between one process and equal nodes, for broadcasts (server/coordination/topology.ts). */
export interface BroadcastCoordination {
  bus: BroadcastBus;
  counting: (parts: CountingParts) => ReceiptCounting;
  /** Whether this node runs a duty now: announcing progress (with the wall feed), or telling grid leaders of stragglers. */
  leads: (duty: 'feed' | 'stragglers') => boolean;
}

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

  private readonly counting: ReceiptCounting;

  constructor({ repository, directory, workers, clock, coordination, receiptCommitMs = 100, storeTimer, trackForMs = 24 * 3_600_000, onError = () => {} }: BroadcastServiceOptions) {
    const { bus } = coordination;
    // Asked only when a broadcast is tracked, after construction: presence exists by then.
    this.registry = new BroadcastRegistry({ repository, directory, clock, trackForMs, online: () => this.presence.online.keys(), bus, onError });
    this.counting = coordination.counting({ registry: this.registry, directory, repository, clock, onError });
    this.presence = new Presence(this.registry, this.counting.storedReceipts);
    this.ledger = new BroadcastLedger({ repository, directory, registry: this.registry, workers, clock, bus, counting: this.counting });
    this.receipts = new ReceiptBook({
      repository,
      registry: this.registry,
      directory,
      clock,
      isOnline: (index) => this.presence.online.has(index),
      receiptCommitMs,
      storeTimer,
      onError,
      afterCommit: this.counting.afterCommit,
    });
    this.resender = new Resender({ registry: this.registry, presence: this.presence, workers, clock, onError });
    const stragglerRole = { leads: () => coordination.leads('stragglers'), readsStore: this.counting.storedReceipts !== null };
    this.stragglerLists = new Stragglers({ repository, registry: this.registry, ledger: this.ledger, receipts: this.receipts, directory, workers, clock, role: stragglerRole, onError });
    this.progressReporter = new ProgressReporter(this.registry, directory, this.counting, onError);
  }

  /** Follows again what the store holds within the window, then starts every part's clock. */
  async start(clocks: BroadcastClocks): Promise<void> {
    await this.counting.loaded(await this.registry.load());
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

  send(request: BroadcastSendRequest, sender: Principal, as: Parameters<BroadcastLedger['send']>[2] = {}): Promise<Broadcast> {
    return this.ledger.send(request, sender, as);
  }

  reserveId(): Promise<string> {
    return this.ledger.reserveId();
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

  /** A receipt no one waits on (the phone asked no answer): counted and queued; the refusal, if known at once. */
  noteReceipt(workerIndex: number, id: string, kind: 'delivered' | 'confirmed'): string | null {
    return this.receipts.note(workerIndex, id, kind);
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

  /**
   * Active broadcasts still within their confirmation window: whose targets were worked out from
   * the city in use when sent. A node turning to a new city version waits for them (cityReload.ts).
   */
  unsettled(nowMs: number): number {
    let open = 0;
    for (const t of this.registry.all()) if (t.broadcast.state === 'active' && nowMs < t.broadcast.sentAtMs + t.broadcast.confirmWithinMs) open++;
    return open;
  }

  /** For the metrics: broadcasts followed live and still active. */
  get inFlight(): number {
    let active = 0;
    for (const t of this.registry.all()) if (t.broadcast.state === 'active') active++;
    return active;
  }
}
