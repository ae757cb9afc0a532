import type { Principal } from '../../common/domain/auth.ts';
import type { Broadcast, BroadcastSendRequest } from '../../common/domain/broadcasts.ts';
import type { WorkerNamespace } from '../realtime/namespaces.ts';
import { type BroadcastRepository, broadcastId } from '../store/broadcastRepository.ts';
import type { BroadcastBus } from './broadcastBus.ts';
import type { ReceiptCounting } from './receiptCounting.ts';
import type { BroadcastRegistry } from './registry.ts';
import { toWorker } from './workerBroadcast.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** What the ledger is built from. */
export interface BroadcastLedgerOptions {
  repository: BroadcastRepository;
  directory: WorkerDirectory;
  registry: BroadcastRegistry;
  workers: WorkerNamespace;
  clock: () => number;
  bus: BroadcastBus;
  counting: ReceiptCounting;
}

/**
 * 市域指令's record: send, update and cancel. Each is stored first and only then applied — the
 * broadcast followed here, the other nodes told, the phones reached through the rooms that
 * mirror the hierarchy — so no phone ever hears of a broadcast the store does not have. The
 * changes to one broadcast are applied one at a time, in the order they came.
 */
export class BroadcastLedger {
  private readonly amending = new Map<string, Promise<unknown>>();
  private readonly repository: BroadcastRepository;
  private readonly directory: WorkerDirectory;
  private readonly registry: BroadcastRegistry;
  private readonly workers: WorkerNamespace;
  private readonly clock: () => number;
  private readonly bus: BroadcastBus;
  private readonly counting: ReceiptCounting;

  constructor({ repository, directory, registry, workers, clock, bus, counting }: BroadcastLedgerOptions) {
    this.repository = repository;
    this.directory = directory;
    this.registry = registry;
    this.workers = workers;
    this.clock = clock;
    this.bus = bus;
    this.counting = counting;
  }

  /** How many workers a scope reaches, before sending. */
  countTargets(request: Pick<BroadcastSendRequest, 'scope'>): number {
    return this.directory.targets(request.scope).length;
  }

  /** A broadcast id from the store, for a draft that is sent under it once approved. */
  async reserveId(): Promise<string> {
    return broadcastId(await this.repository.reserveSequence());
  }

  /**
   * Sends a broadcast now: stored, counted, followed, and emitted to its rooms. `as` sends an
   * approved draft under its id, with its approval (the clock starts now, at approval), or one
   * sent at once over the approval it needed, with the override.
   */
  async send(request: BroadcastSendRequest, sender: Principal, as: Pick<Broadcast, 'approval' | 'override'> & { id?: string } = {}): Promise<Broadcast> {
    const targets = this.directory.targets(request.scope);
    const broadcast: Broadcast = {
      id: as.id ?? (await this.reserveId()),
      sender: sender.username,
      senderUnit: sender.unit,
      sentAtMs: this.clock(),
      content: request.content,
      scope: request.scope,
      targeted: targets.length,
      state: 'active',
      confirmWithinMs: request.confirmWithinMs,
      ...(as.approval ? { approval: as.approval } : {}),
      ...(as.override ? { override: as.override } : {}),
    };
    await this.repository.save(broadcast);
    await this.counting.sent(broadcast.id);
    this.registry.track(broadcast, targets);
    await this.bus.publishTracked(broadcast);
    this.workers.to(this.directory.roomsFor(broadcast.scope)).emit('broadcast:new', toWorker(broadcast));
    this.registry.touch(broadcast.id, false);
    return broadcast;
  }

  cancel(id: string, by: string): Promise<Broadcast | null> {
    return this.serially(id, async () => {
      const tracking = this.registry.get(id);
      if (!tracking) return null;
      if (tracking.broadcast.state !== 'active') return tracking.broadcast;
      const cancelled = await this.amend({ ...tracking.broadcast, state: 'cancelled', cancelledAtMs: this.clock(), cancelledBy: by });
      this.workers.to(this.directory.roomsFor(cancelled.scope)).emit('broadcast:cancelled', { id, cancelledBy: by });
      return cancelled;
    });
  }

  /** New content for an active broadcast; everyone in scope gets the new version, with who changed it. */
  update(id: string, content: Broadcast['content'], by: string): Promise<Broadcast | 'cancelled' | null> {
    return this.serially(id, async () => {
      const tracking = this.registry.get(id);
      if (!tracking) return null;
      if (tracking.broadcast.state !== 'active') return 'cancelled' as const;
      const updated = await this.amend({ ...tracking.broadcast, content: { ...content, exercise: tracking.broadcast.content.exercise }, updatedAtMs: this.clock(), updatedBy: by });
      this.workers.to(this.directory.roomsFor(updated.scope)).emit('broadcast:updated', toWorker(updated));
      return updated;
    });
  }

  /** Stores the broadcast's next version, then follows it here and on the other nodes. */
  async amend(next: Broadcast): Promise<Broadcast> {
    await this.repository.save(next);
    const tracking = this.registry.get(next.id);
    if (tracking) tracking.broadcast = next;
    await this.bus.publishTracked(next);
    this.registry.touch(next.id, false);
    return next;
  }

  async get(id: string): Promise<Broadcast | null> {
    return this.registry.get(id)?.broadcast ?? (await this.repository.get(id));
  }

  history(limit: number): Promise<Broadcast[]> {
    return this.repository.recent(limit);
  }

  /** Runs the changes to one broadcast one after another, whatever happens to the one before. */
  private serially<T>(id: string, change: () => Promise<T>): Promise<T> {
    const before = this.amending.get(id) ?? Promise.resolve();
    const run = before.catch(() => {}).then(change);
    this.amending.set(id, run);
    void run
      .catch(() => {})
      .finally(() => {
        if (this.amending.get(id) === run) this.amending.delete(id);
      });
    return run;
  }
}
