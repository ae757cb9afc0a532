import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastRepository } from '../store/broadcastRepository.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { BroadcastBus } from './broadcastBus.ts';
import { Tracking } from './tracking.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** What the registry is built from. */
export interface BroadcastRegistryOptions {
  repository: BroadcastRepository;
  directory: WorkerDirectory;
  clock: () => number;
  trackForMs: number;
  /** Workers with a socket open on this node (their roster indices). */
  online: () => Iterable<number>;
  bus: BroadcastBus;
  onError: (error: unknown) => void;
}

/**
 * The broadcasts this node follows live (within the tracking window), shared by the parts of the
 * broadcast module, and which of them changed since progress was last announced (`changed`) or
 * reported to the other nodes (`unreported`). Past the window a broadcast leaves memory; a late
 * receipt never brings it back.
 */
export class BroadcastRegistry {
  private readonly tracked = new Map<string, Tracking>();
  readonly changed = new Set<string>();
  readonly unreported = new Set<string>();
  private readonly forgetting: RepeatingTask;
  private readonly repository: BroadcastRepository;
  private readonly directory: WorkerDirectory;
  private readonly clock: () => number;
  readonly trackForMs: number;
  private readonly online: () => Iterable<number>;

  constructor({ repository, directory, clock, trackForMs, online, bus, onError }: BroadcastRegistryOptions) {
    this.repository = repository;
    this.directory = directory;
    this.clock = clock;
    this.trackForMs = trackForMs;
    this.online = online;
    bus.onTracked((broadcast) => this.adopt(broadcast));
    this.forgetting = new RepeatingTask(() => this.forgetOld(), onError);
  }

  /** Follows again what was sent within the window, as stored; returns what it follows (the counting adds their receipts). */
  async load(): Promise<Tracking[]> {
    return (await this.repository.since(this.clock() - this.trackForMs)).map((broadcast) => this.track(broadcast));
  }

  get(id: string): Tracking | undefined {
    return this.tracked.get(id);
  }

  all(): IterableIterator<Tracking> {
    return this.tracked.values();
  }

  track(broadcast: Broadcast, targets?: Int32Array): Tracking {
    const tracking = new Tracking(broadcast, this.directory, this.online(), targets);
    this.tracked.set(broadcast.id, tracking);
    return tracking;
  }

  /** Another node sent, updated or cancelled a broadcast: follow it here too. */
  adopt(broadcast: Broadcast): Tracking {
    const known = this.tracked.get(broadcast.id);
    if (!known) return this.track(broadcast);
    known.broadcast = broadcast;
    return known;
  }

  /** A broadcast this node has not heard of yet, from the store — unless it is older than the window. */
  async adoptStored(id: string): Promise<Tracking | null> {
    const stored = await this.repository.get(id);
    if (!stored || stored.sentAtMs < this.clock() - this.trackForMs) return null;
    return this.tracked.get(id) ?? this.adopt(stored);
  }

  /** Marks a broadcast's figures as changed: announced at the next progress tick (and this node's figures reported). */
  touch(id: string, byThisNode = true): void {
    this.changed.add(id);
    if (byThisNode) this.unreported.add(id);
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

  /** Forgets what is past the window on its own clock. */
  start(intervalMs: number): void {
    this.forgetting.start(intervalMs);
  }

  stop(): void {
    this.forgetting.stop();
  }
}
