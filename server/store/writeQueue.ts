import type { EventRepository, EventWrite } from './eventRepository.ts';

/** Most writes committed in one transaction. */
const MAX_BATCH = 5000;

/**
 * Group commit: writes queued in the same turn of the event loop are committed together in one
 * transaction, and each caller's promise resolves only once its writes are on disk. A burst of
 * 5,000 reports costs one fsync, not 5,000, and a 2xx is never sent for an unsaved event.
 */
export class WriteQueue {
  private pending: { writes: EventWrite[]; resolve: () => void; reject: (error: Error) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly repository: EventRepository,
    private readonly onFailure: (error: Error) => void,
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

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const group: typeof this.pending = [];
      let size = 0;
      while (this.pending.length > 0 && size < MAX_BATCH) {
        const next = this.pending.shift()!;
        group.push(next);
        size += next.writes.length;
      }
      try {
        this.repository.write(group.flatMap((g) => g.writes));
        for (const g of group) g.resolve();
      } catch (error) {
        for (const g of group) g.reject(error as Error);
        this.onFailure(error as Error);
      }
    }
  }
}
