import type { Namespace } from 'socket.io';
import type { Principal } from '../../common/domain/auth.ts';
import type { Broadcast, BroadcastProgress, BroadcastSendRequest, GridStragglers, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { InboxItem, WorkerClientToServer, WorkerServerToClient } from '../../common/events.ts';
import type { DeliveryWrite, SqliteBroadcastRepository } from '../store/sqliteBroadcastRepository.ts';
import type { StoreTimer } from '../observability/metrics.ts';
import { ReceiptWriter } from './receiptWriter.ts';
import type { BroadcastBus, NodeCounts } from './clusterBus.ts';
import { CONFIRMED, DELIVERED, NONE, Tracking } from './tracking.ts';
import { toWorker } from './workerBroadcast.ts';
import type { OfficerScope, WorkerDirectory } from './workerDirectory.ts';

export type WorkerNamespace = Namespace<WorkerClientToServer, WorkerServerToClient>;

export interface BroadcastOptions {
  receiptCommitMs: number;
  storeTimer?: StoreTimer;
  /** Broadcasts are followed live (receipts, resends, progress) for this long after sending, ms. */
  trackForMs: number;
  onError: (error: unknown) => void;
}
const DEFAULT_OPTIONS: BroadcastOptions = { receiptCommitMs: 100, trackForMs: 24 * 3_600_000, onError: () => {} };
/**
 * 市域指令: a broadcast is stored before any socket hears of it, fanned out through rooms that
 * mirror the hierarchy, and tracked per worker (delivered automatically, confirmed by hand), each
 * receipt counted once. Workers who were offline get it when they connect; those online who have
 * not acknowledged are sent it again on each resend round.
 */
export class BroadcastService {
  private readonly tracked = new Map<string, Tracking>();
  private sequence: number;
  private readonly receipts: ReceiptWriter;
  /** Connected sockets per worker (a worker may have the app open twice). */
  private readonly online = new Map<number, Set<string>>();
  private readonly changed = new Set<string>();
  /** Broadcasts whose own receipts changed since the last report to the other nodes. */
  private readonly unreported = new Set<string>();
  private readonly trackForMs: number;

  constructor(
    private readonly repository: SqliteBroadcastRepository,
    private readonly directory: WorkerDirectory,
    private readonly workers: WorkerNamespace,
    private readonly clock: () => number,
    private readonly bus: BroadcastBus | null = null,
    options: BroadcastOptions = DEFAULT_OPTIONS,
  ) {
    this.trackForMs = options.trackForMs;
    this.receipts = new ReceiptWriter(repository, options.receiptCommitMs, options.onError, options.storeTimer);
    this.sequence = repository.maxSequence();
    bus?.onTracked((broadcast) => this.adopt(broadcast));
    bus?.onCounts((counts) => {
      for (const c of counts) {
        const t = this.tracked.get(c.id) ?? this.adoptStored(c.id);
        if (!t || c.node === bus.node) continue;
        t.remote.set(c.node, c);
        this.changed.add(c.id);
      }
    });
    for (const broadcast of repository.since(clock() - this.trackForMs)) {
      const tracking = this.track(broadcast);
      // In a cluster only node 0 counts what was stored before it started; the others report
      // only what they receive, so no receipt is counted twice.
      if (bus && bus.node !== 0) continue;
      for (const d of repository.deliveriesOf(broadcast.id)) {
        const index = directory.indexOf(d.worker);
        if (index < 0) continue;
        if (d.deliveredAtMs !== null) tracking.mark(index, DELIVERED, d.deliveredAtMs);
        if (d.confirmedAtMs !== null) tracking.mark(index, CONFIRMED, d.confirmedAtMs);
      }
    }
  }

  private track(broadcast: Broadcast, targets?: Int32Array): Tracking {
    const tracking = new Tracking(broadcast, this.directory, this.online.keys(), targets);
    this.tracked.set(broadcast.id, tracking);
    return tracking;
  }

  /** Another node sent, updated or cancelled a broadcast: follow it here too. */
  private adopt(broadcast: Broadcast): Tracking {
    const known = this.tracked.get(broadcast.id);
    if (!known) return this.track(broadcast);
    known.broadcast = broadcast;
    return known;
  }

  /**
   * A receipt for a broadcast this node has not heard of yet: it is in the store already. One
   * older than the tracking window stays there: a late receipt never brings it back into memory.
   */
  private adoptStored(id: string): Tracking | null {
    const stored = this.repository.get(id);
    return stored && stored.sentAtMs >= this.clock() - this.trackForMs ? this.adopt(stored) : null;
  }

  /** Broadcasts past the tracking window leave memory (their records and receipts stay in the store). */
  forgetOld(): number {
    const before = this.clock() - this.trackForMs;
    let forgotten = 0;
    for (const [id, t] of this.tracked)
      if (t.broadcast.sentAtMs < before) {
        this.tracked.delete(id);
        this.changed.delete(id);
        this.unreported.delete(id);
        forgotten++;
      }
    return forgotten;
  }

  /** How many workers a scope reaches, before sending. */
  countTargets(request: Pick<BroadcastSendRequest, 'scope'>): number {
    return this.directory.targets(request.scope).length;
  }

  send(request: BroadcastSendRequest, sender: Principal): Broadcast {
    const broadcast: Broadcast = {
      id: `BC${String(this.sequence + 1).padStart(6, '0')}`,
      sender: sender.username,
      senderUnit: sender.unit,
      sentAtMs: this.clock(),
      content: request.content,
      scope: request.scope,
      targeted: 0,
      state: 'active',
      confirmWithinMs: request.confirmWithinMs,
    };
    const targets = this.directory.targets(broadcast.scope);
    broadcast.targeted = targets.length;
    // Stored first: a worker's receipt must never refer to a broadcast the store does not have.
    this.repository.save(broadcast);
    this.sequence++;
    this.track(broadcast, targets);
    this.bus?.publishTracked(broadcast);
    this.workers.to(this.directory.roomsFor(broadcast.scope)).emit('broadcast:new', toWorker(broadcast));
    this.changed.add(broadcast.id);
    return broadcast;
  }

  /** Saves the broadcast's next version, then follows it here and on the other nodes. */
  private amend(tracking: Tracking, next: Broadcast): Broadcast {
    this.repository.save(next);
    tracking.broadcast = next;
    this.bus?.publishTracked(next);
    this.changed.add(next.id);
    return next;
  }

  cancel(id: string, by: string): Broadcast | null {
    const tracking = this.tracked.get(id);
    if (!tracking) return null;
    if (tracking.broadcast.state !== 'active') return tracking.broadcast;
    const cancelled = this.amend(tracking, { ...tracking.broadcast, state: 'cancelled', cancelledAtMs: this.clock(), cancelledBy: by });
    this.workers.to(this.directory.roomsFor(cancelled.scope)).emit('broadcast:cancelled', { id, cancelledBy: by });
    return cancelled;
  }

  /** New content for an active broadcast; everyone in scope gets the new version, with who changed it. */
  update(id: string, content: Broadcast['content'], by: string): Broadcast | 'cancelled' | null {
    const tracking = this.tracked.get(id);
    if (!tracking) return null;
    if (tracking.broadcast.state !== 'active') return 'cancelled';
    const updated = this.amend(tracking, { ...tracking.broadcast, content: { ...content, exercise: tracking.broadcast.content.exercise }, updatedAtMs: this.clock(), updatedBy: by });
    this.workers.to(this.directory.roomsFor(updated.scope)).emit('broadcast:updated', toWorker(updated));
    return updated;
  }

  /**
   * A worker's receipt or confirmation: idempotent, refused for a broadcast not meant for them or
   * no longer followed, and answered (null) only once it is committed — a repeat waits for the
   * same commit as the first.
   */
  receipt(workerIndex: number, id: string, kind: 'delivered' | 'confirmed'): Promise<string | null> {
    const tracking = this.tracked.get(id) ?? this.adoptStored(id);
    if (!tracking || !tracking.targeted[workerIndex]) return Promise.resolve(`${id} is not a broadcast for ${this.directory.idOf(workerIndex)}`);
    const now = this.clock();
    const before = tracking.status[workerIndex]!;
    tracking.mark(workerIndex, DELIVERED, now);
    if (kind === 'confirmed') tracking.mark(workerIndex, CONFIRMED, now);
    if (tracking.status[workerIndex] === before) return this.receipts.settled().then(() => null);
    this.changed.add(id);
    this.unreported.add(id);
    const row: DeliveryWrite = {
      broadcastId: id,
      worker: this.directory.idOf(workerIndex),
      deliveredAtMs: before === NONE ? now : null,
      confirmedAtMs: kind === 'confirmed' && before !== CONFIRMED ? now : null,
    };
    return this.receipts.add(row).then(() => null);
  }

  /** Commits every queued receipt, waiting for the write lock: at shutdown, so nothing acknowledged is lost. */
  flushReceipts(): void {
    this.receipts.flushAll();
  }

  /** For the metrics: broadcasts followed live, and receipts waiting for their commit (how many, the oldest's wait in ms). */
  get figures(): { inFlight: number; receiptsPending: number; receiptsLagMs: number } {
    let inFlight = 0;
    for (const t of this.tracked.values()) if (!t.broadcast.cancelledAtMs) inFlight++;
    return { inFlight, receiptsPending: this.receipts.queued, receiptsLagMs: this.receipts.lagMs };
  }

  /**
   * A worker's socket connected: anything active they have not received is sent now, and a grid
   * leader also gets the lists of their grid's unconfirmed for broadcasts already past deadline.
   */
  connected(workerIndex: number, socketId: string): { broadcasts: WorkerBroadcast[]; stragglers: GridStragglers[] } {
    const sockets = this.online.get(workerIndex) ?? new Set<string>();
    sockets.add(socketId);
    this.online.set(workerIndex, sockets);
    if (sockets.size === 1) this.presenceChanged(workerIndex, 1);
    const { grid, role } = this.directory.homeOf(workerIndex);
    const stragglers =
      role !== 'gridLeader'
        ? []
        : [...this.tracked.values()].filter((t) => t.overdueByGrid && t.broadcast.state === 'active').flatMap((t) => this.gridStragglers(t, grid, workerIndex));
    return { broadcasts: this.undelivered(workerIndex), stragglers };
  }

  /** Past the confirmation deadline, each grid leader is told who in their grid has not confirmed. */
  escalateOverdue(): number {
    // In a cluster node 0 does this once for all; the others' receipts are in the store.
    if (this.bus && this.bus.node !== 0) return 0;
    const now = this.clock();
    let told = 0;
    for (const t of this.tracked.values()) {
      const b = t.broadcast;
      if (b.state !== 'active' || !b.content.requiresConfirmation || b.escalatedAtMs !== undefined || now < b.sentAtMs + b.confirmWithinMs) continue;
      t.broadcast = { ...b, escalatedAtMs: now };
      this.repository.save(t.broadcast);
      const status = this.knownStatus(t);
      t.overdueByGrid = new Map();
      for (const i of t.targets) {
        if (status[i] === CONFIRMED) continue;
        const grid = this.directory.homeOf(i).grid;
        t.overdueByGrid.set(grid, [...(t.overdueByGrid.get(grid) ?? []), i]);
      }
      for (const grid of t.overdueByGrid.keys())
        for (const list of this.gridStragglers(t, grid, this.directory.leaderOf(grid))) {
          // The grid leader's room reaches them on whichever node their phone is.
          this.workers.to(`g:${grid}|gridLeader`).emit('broadcast:stragglers', list);
          told++;
        }
    }
    return told;
  }

  /**
   * In a cluster, receipts that reached other nodes are known here only as totals; the store has
   * each of them (every node writes its own), so per-worker lists read it first.
   */
  private knownStatus(t: Tracking): Uint8Array {
    if (!this.bus) return t.status;
    this.receipts.tryFlush();
    // A copy: this node's own status array feeds the totals it reports, and must not double-count.
    const status = t.status.slice();
    for (const d of this.repository.deliveriesOf(t.broadcast.id)) {
      const index = this.directory.indexOf(d.worker);
      if (index < 0) continue;
      const level = d.confirmedAtMs !== null ? CONFIRMED : d.deliveredAtMs !== null ? DELIVERED : NONE;
      if (level > status[index]!) status[index] = level;
    }
    return status;
  }

  /** The grid's workers still unconfirmed, from the list made at the deadline, leader left out. */
  private gridStragglers(t: Tracking, gridCode: string, leader: number): GridStragglers[] {
    const workers = (t.overdueByGrid?.get(gridCode) ?? [])
      .filter((i) => i !== leader && t.status[i] !== CONFIRMED)
      .map((i) => ({ id: this.directory.idOf(i), name: this.directory.homeOf(i).name, delivered: t.status[i] === DELIVERED }));
    return workers.length ? [{ id: t.broadcast.id, title: t.broadcast.content.title, gridCode, workers }] : [];
  }

  disconnected(workerIndex: number, socketId: string): void {
    const sockets = this.online.get(workerIndex);
    if (!sockets?.delete(socketId) || sockets.size > 0) return;
    this.online.delete(workerIndex);
    this.presenceChanged(workerIndex, -1);
  }

  /** A worker came online (+1) or went offline (−1): the offline figure of their broadcasts moved. */
  private presenceChanged(workerIndex: number, delta: 1 | -1): void {
    for (const t of this.tracked.values()) {
      t.presence(workerIndex, delta);
      if (t.targeted[workerIndex] && t.broadcast.state === 'active') {
        this.changed.add(t.broadcast.id);
        this.unreported.add(t.broadcast.id);
      }
    }
  }

  private undelivered(workerIndex: number): WorkerBroadcast[] {
    return [...this.tracked.values()].filter((t) => t.broadcast.state === 'active' && t.targeted[workerIndex] && t.status[workerIndex] === NONE).map((t) => toWorker(t.broadcast));
  }

  /**
   * Sends again, socket by socket, what connected workers have not acknowledged, of the active
   * broadcasts sent at least `minAgeMs` ago: a round that fell just after a city-wide send would
   * otherwise send it a second time to the 100,000 phones still being reached. The sockets are
   * this node's own, so each is written to directly: addressed by room, every resend would also
   * travel to every other node through the cluster adapter, one message per worker per round.
   */
  resend(minAgeMs = 0): number {
    const sentBefore = this.clock() - minAgeMs;
    const due = [...this.tracked.values()].filter((t) => t.broadcast.state === 'active' && t.broadcast.sentAtMs <= sentBefore).map((t) => ({ t, message: toWorker(t.broadcast) }));
    let sent = 0;
    if (due.length === 0) return sent;
    for (const [index, sockets] of this.online)
      for (const { t, message } of due) {
        if (!t.targeted[index] || t.status[index] !== NONE) continue;
        for (const socketId of sockets) {
          const socket = this.workers.sockets.get(socketId);
          if (!socket) continue;
          socket.emit('broadcast:new', message);
          sent++;
        }
      }
    return sent;
  }

  inbox(workerIndex: number): InboxItem[] {
    return [...this.tracked.values()]
      .filter((t) => t.targeted[workerIndex])
      .sort((a, b) => b.broadcast.sentAtMs - a.broadcast.sentAtMs)
      .map((t) => ({
        ...toWorker(t.broadcast),
        cancelled: t.broadcast.state === 'cancelled',
        delivered: t.status[workerIndex]! >= DELIVERED,
        confirmed: t.status[workerIndex] === CONFIRMED,
      }));
  }

  /** The broadcast's figures: this node's receipts plus every other node's last report. */
  progress(id: string): BroadcastProgress | null {
    const t = this.tracked.get(id);
    if (!t) return null;
    const local = t.counts(this.bus?.node ?? 0);
    const remote = [...t.remote.values()];
    const sum = (pick: (c: NodeCounts) => number) => pick(local) + remote.reduce((total, c) => total + pick(c), 0);
    const delivered = sum((c) => c.delivered);
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
      offline: t.targets.length - sum((c) => c.onlineTargeted),
      p50DeliveryMs: latency.percentile(0.5),
      p99DeliveryMs: latency.percentile(0.99),
      allDeliveredAtMs: t.allDeliveredAtMs,
      byDistrict: this.directory.districtCodes.flatMap((code, d) =>
        t.targetedByDistrict[d] ? [{ code, targeted: t.targetedByDistrict[d]!, delivered: sum((c) => c.deliveredByDistrict[d] ?? 0) }] : [],
      ),
    };
  }

  /** Sends the other nodes this node's counts for the broadcasts whose receipts changed here. */
  reportCounts(): void {
    if (!this.bus || this.unreported.size === 0) return;
    const bus = this.bus;
    const counts = [...this.unreported].flatMap((id) => this.tracked.get(id)?.counts(bus.node) ?? []);
    this.unreported.clear();
    this.bus.publishCounts(counts);
  }

  /** The most recent broadcast's progress, for a wall that has just joined. */
  latestProgress(): BroadcastProgress | null {
    let latest: Tracking | null = null;
    for (const t of this.tracked.values()) if (!latest || t.broadcast.sentAtMs > latest.broadcast.sentAtMs) latest = t;
    return latest ? this.progress(latest.broadcast.id) : null;
  }

  /** Progress of the broadcasts that changed since the last call. */
  takeChanged(): BroadcastProgress[] {
    const out = [...this.changed].map((id) => this.progress(id)).filter((p): p is BroadcastProgress => p !== null);
    this.changed.clear();
    return out;
  }

  get(id: string): Broadcast | null {
    return this.tracked.get(id)?.broadcast ?? this.repository.recent(1000).find((b) => b.id === id) ?? null;
  }

  history(limit: number): Broadcast[] {
    return this.repository.recent(limit);
  }

  /** Unconfirmed workers of a broadcast within the officer's area, by grid, with the grid leader to phone. */
  stragglers(id: string, area: OfficerScope): { gridCode: string; leader: string | null; workers: { id: string; name: string; delivered: boolean }[] }[] {
    const t = this.tracked.get(id);
    if (!t) return [];
    const status = this.knownStatus(t);
    const byGrid = new Map<string, { id: string; name: string; delivered: boolean }[]>();
    const leaders = new Map<string, string>();
    for (const i of t.targets) {
      if (!this.directory.holds(area, i)) continue;
      const home = this.directory.homeOf(i);
      if (home.role === 'gridLeader') leaders.set(home.grid, `${home.name} (${this.directory.idOf(i)})`);
      if (status[i] === CONFIRMED) continue;
      const list = byGrid.get(home.grid) ?? [];
      list.push({ id: this.directory.idOf(i), name: home.name, delivered: status[i] === DELIVERED });
      byGrid.set(home.grid, list);
    }
    return [...byGrid].map(([gridCode, workers]) => ({ gridCode, leader: leaders.get(gridCode) ?? null, workers }));
  }
}
