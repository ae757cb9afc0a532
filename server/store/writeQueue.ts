import type { StoreTimer } from '../observability/metrics.ts';
import type { EventRepository, EventWrite } from './eventRepository.ts';

/** Most writes committed in one transaction. */
const MAX_BATCH = 5000;

/** A write refused by the store's rules (a UNIQUE or CHECK constraint): that request's fault alone. */
export class StoreConflict extends Error {}

const isConstraint = (error: unknown) => String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');

type Pending = { writes: EventWrite[]; resolve: () => void; reject: (error: Error) => void };

/**
 * Group commit: writes queued in the same turn of the event loop are committed together in one
 * transaction, and each caller's promise resolves only once its writes are on disk. A burst of
 * 5,000 reports costs one fsync, not 5,000, and a 2xx is never sent for an unsaved event. When a
 * group fails, each request in it is tried on its own: one bad request never fails another's
 * write. A request the store's rules refuse is rejected with StoreConflict; any other failure
 * (the disk) goes to `onFailure` as well.
 */
export class WriteQueue {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly repository: EventRepository,
    private readonly onFailure: (error: Error) => void,
    private readonly timer: StoreTimer = { committed: () => {} },
  ) {}

  enqueue(writes: EventWrite[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ writes, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes waiting for their commit: past capacity this is where load piles up. */
  get backlog(): number {
    return this.pending.reduce((sum, p) => sum + p.writes.length, 0);
  }

  /**
   * Commits one group per turn of the event loop: a backlog of 20,000 writes is four commits with
   * the walls' ticks and other requests between them, not seconds of one blocked loop.
   */
  private flush(): void {
    this.scheduled = false;
    if (this.pending.length > 0) {
      const group: Pending[] = [];
      let size = 0;
      while (this.pending.length > 0 && size < MAX_BATCH) {
        const next = this.pending.shift()!;
        group.push(next);
        size += next.writes.length;
      }
      try {
        this.timedWrite(group.flatMap((g) => g.writes));
        for (const g of group) g.resolve();
      } catch (error) {
        if (group.length === 1) this.fail(group[0]!, error);
        else for (const g of group) this.writeAlone(g);
      }
    }
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private timedWrite(writes: EventWrite[]): void {
    const started = performance.now();
    this.repository.write(writes);
    this.timer.committed('events', writes.length, performance.now() - started);
  }

  private writeAlone(request: Pending): void {
    try {
      this.timedWrite(request.writes);
      request.resolve();
    } catch (error) {
      this.fail(request, error);
    }
  }

  private fail(request: Pending, error: unknown): void {
    if (isConstraint(error)) return request.reject(new StoreConflict((error as Error).message));
    request.reject(error as Error);
    this.onFailure(error as Error);
  }
}
