import type { GridStragglers } from '../../common/domain/broadcasts.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { BroadcastRepository } from '../store/broadcastRepository.ts';
import type { BroadcastLedger } from './ledger.ts';
import type { ReceiptBook } from './receipts.ts';
import type { BroadcastRegistry } from './registry.ts';
import { CONFIRMED, DELIVERED, NONE, type Tracking } from './tracking.ts';
import type { OfficerScope, WorkerDirectory } from './workerDirectory.ts';

export interface GridStragglerList {
  gridCode: string;
  leader: string | null;
  workers: { id: string; name: string; delivered: boolean }[];
}

/** Whether this node tells the grid leaders (one node does, for all), and whether it must read others' receipts from the store. */
export interface StragglerRole {
  leads: () => boolean;
  readsStore: boolean;
}

/** What the stragglers' lists are built from. */
export interface StragglersOptions {
  repository: BroadcastRepository;
  registry: BroadcastRegistry;
  ledger: BroadcastLedger;
  receipts: ReceiptBook;
  directory: WorkerDirectory;
  workers: WorkerNamespace;
  clock: () => number;
  role: StragglerRole;
  onError: (error: unknown) => void;
}

/**
 * Past a broadcast's confirmation deadline, each grid leader is told who in their grid has not
 * confirmed (to phone them), once, and again whenever they connect; officers read the same lists
 * for their area. With several nodes one does the telling for all (node 0 of a cluster on one
 * machine; with Redis, the holder of the stragglers' lease): other nodes' receipts are read from
 * the store, where every node writes its own.
 */
export class Stragglers {
  private readonly task: RepeatingTask;
  private readonly repository: BroadcastRepository;
  private readonly registry: BroadcastRegistry;
  private readonly ledger: BroadcastLedger;
  private readonly receipts: ReceiptBook;
  private readonly directory: WorkerDirectory;
  private readonly workers: WorkerNamespace;
  private readonly clock: () => number;
  private readonly role: StragglerRole;

  constructor({ repository, registry, ledger, receipts, directory, workers, clock, role, onError }: StragglersOptions) {
    this.repository = repository;
    this.registry = registry;
    this.ledger = ledger;
    this.receipts = receipts;
    this.directory = directory;
    this.workers = workers;
    this.clock = clock;
    this.role = role;
    this.task = new RepeatingTask(() => this.escalateOverdue(), onError);
  }

  /** Tells the grid leaders of every broadcast past its deadline; the deadline's passing is stored first. Returns how many lists went out. */
  async escalateOverdue(): Promise<number> {
    if (!this.role.leads()) return 0;
    const now = this.clock();
    let told = 0;
    for (const t of [...this.registry.all()]) {
      const b = t.broadcast;
      if (b.state !== 'active' || !b.content.requiresConfirmation || b.escalatedAtMs !== undefined || now < b.sentAtMs + b.confirmWithinMs) continue;
      await this.ledger.amend({ ...b, escalatedAtMs: now });
      const status = await this.knownStatus(t);
      const overdue = new Map<string, number[]>();
      for (const i of t.targets) {
        if (status[i] === CONFIRMED) continue;
        const grid = this.directory.homeOf(i).grid;
        overdue.set(grid, [...(overdue.get(grid) ?? []), i]);
      }
      t.overdueByGrid = overdue;
      for (const grid of overdue.keys())
        for (const list of this.gridStragglers(t, grid, this.directory.leaderOf(grid))) {
          // The grid leader's room reaches them on whichever node their phone is.
          this.workers.to(`g:${grid}|gridLeader`).emit('broadcast:stragglers', list);
          told++;
        }
    }
    return told;
  }

  /** For a grid leader who has just connected: the lists of their grid for broadcasts already past deadline. */
  forLeader(workerIndex: number): GridStragglers[] {
    const { grid, role } = this.directory.homeOf(workerIndex);
    if (role !== 'gridLeader') return [];
    return [...this.registry.all()].filter((t) => t.overdueByGrid && t.broadcast.state === 'active').flatMap((t) => this.gridStragglers(t, grid, workerIndex));
  }

  /** Unconfirmed workers of a broadcast within the officer's area, by grid, with the grid leader to phone. */
  async listFor(id: string, area: OfficerScope): Promise<GridStragglerList[]> {
    const t = this.registry.get(id);
    if (!t) return [];
    const status = await this.knownStatus(t);
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

  /**
   * Each worker's receipt as far as anyone knows: with several nodes the others' receipts are not
   * all known here, so the store's rows are read too (a copy: this node's own status feeds the
   * totals it reports and must not double-count).
   */
  private async knownStatus(t: Tracking): Promise<Uint8Array> {
    if (!this.role.readsStore) return t.status;
    await this.receipts.tryFlush();
    const status = t.status.slice();
    for (const d of await this.repository.deliveriesOf(t.broadcast.id)) {
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

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): void {
    this.task.stop();
  }
}
