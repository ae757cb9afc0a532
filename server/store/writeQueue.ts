import type { StoreTimer } from '../observability/metrics.ts';
import { type EventRepository, type EventWrite, StoreConflict } from './eventRepository.ts';
import { isDataError } from './storeErrors.ts';

/** Most writes committed in one transaction. */
const MAX_BATCH = 5000;

/** `queuedAtMs`: when it was queued, on the monotonic clock (performance.now()), ms. */
type Pending = { writes: EventWrite[]; queuedAtMs: number; resolve: () => void; reject: (error: Error) => void };

/**
 * Group commit: writes queued while the previous group commits are committed together in one
 * transaction, and each caller's promise resolves only once its writes are stored. A burst of
 * 5,000 reports costs one fsync (or one round trip), not 5,000, and a 2xx is never sent for an
 * unsaved event. When a group fails, each request in it is tried on its own: one bad request
 * never fails another's write. A request the store's rules refuse (StoreConflict, including
 * VersionConflict) or whose data the store cannot keep (isDataError) is rejected with that error
 * and nothing else happens; any other failure (the disk, the network: the store itself) goes to
 * `onFailure` as well.
 */
export class WriteQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private committing = false;
  /** When the oldest write of the group being committed was queued (monotonic ms); null while none is. */
  private committingSinceMs: number | null = null;

  constructor(
    private readonly repository: EventRepository,
    private readonly onFailure: (error: Error) => void,
    private readonly timer: StoreTimer = { committed: () => {} },
    /** Monotonic time, ms. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  enqueue(writes: EventWrite[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ writes, queuedAtMs: this.now(), resolve, reject });
      this.schedule();
    });
  }

  /**
   * How long the oldest write not yet committed (committing or queued) has waited, ms; 0 when
   * none waits. Past the store's capacity — PostgreSQL slow, a lock held — this is what a
   * caller waits for its answer, whatever the event loop's health.
   */
  get oldestWaitMs(): number {
    const since = this.committingSinceMs ?? this.pending[0]?.queuedAtMs;
    return since === undefined ? 0 : Math.max(0, this.now() - since);
  }

  /** Writes waiting for their commit: past capacity this is where load piles up. */
  get backlog(): number {
    return this.pending.reduce((sum, p) => sum + p.writes.length, 0);
  }

  private schedule(): void {
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /**
   * Commits one group at a time, the next in a later turn of the event loop: a backlog of 20,000
   * writes is four commits with the walls' ticks and other requests between them.
   */
  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    this.committing = true;
    const group: Pending[] = [];
    let size = 0;
    while (this.pending.length > 0 && size < MAX_BATCH) {
      const next = this.pending.shift()!;
      group.push(next);
      size += next.writes.length;
    }
    this.committingSinceMs = group[0]!.queuedAtMs;
    try {
      await this.timedWrite(group.flatMap((g) => g.writes));
      for (const g of group) g.resolve();
    } catch (error) {
      if (group.length === 1) this.fail(group[0]!, error);
      else for (const g of group) await this.writeAlone(g);
    } finally {
      this.committing = false;
      this.committingSinceMs = null;
    }
    if (this.pending.length > 0) this.schedule();
  }

  private async timedWrite(writes: EventWrite[]): Promise<void> {
    const started = performance.now();
    await this.repository.write(writes);
    this.timer.committed('events', writes.length, performance.now() - started);
  }

  private async writeAlone(request: Pending): Promise<void> {
    try {
      await this.timedWrite(request.writes);
      request.resolve();
    } catch (error) {
      this.fail(request, error);
    }
  }

  private fail(request: Pending, error: unknown): void {
    request.reject(error as Error);
    // A write refused for its own data (found alone, after its group failed) fails that request only.
    if (error instanceof StoreConflict || isDataError(error)) return;
    this.onFailure(error as Error);
  }
}
