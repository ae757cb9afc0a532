import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { TaskItem } from '../../common/domain/tasks.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** A done task stays on its worker's list this long, ms (the day's work), then leaves it. */
const DONE_KEPT_MS = 24 * 3_600_000;

const itemOf = (event: CityEvent): TaskItem => ({
  task: event.task!,
  event: { id: event.id, category: event.category, description: event.description, address: event.address, lng: event.lng, lat: event.lat, state: event.state, gridCode: event.gridCode },
});

/**
 * Grid workers' tasks by worker, kept up to date from the events' changes (ours and, with Redis,
 * the other nodes'), so a phone's list and the wall's "on a task" colour cost a lookup, not a
 * pass over every open event — 100,000 phones ask. It tells of each newly given task once, for
 * the push to the worker's phone.
 */
export class TaskBoard {
  /** Per worker id: their tasks by event id. */
  private readonly byWorker = new Map<string, Map<string, TaskItem>>();
  /** Per event id: the worker whose list holds its task. */
  private readonly holder = new Map<string, string>();
  /** Workers with a task not yet done. */
  private readonly busy = new Map<string, number>();
  private readonly assignedListeners = new Set<(item: TaskItem) => void>();
  private lastPruneMs = 0;

  constructor(private readonly clock: DomainNow) {}

  /** Fills the board from the events held in memory (at start). */
  load(events: Iterable<CityEvent>): void {
    for (const event of events) this.changed(event, false);
  }

  /** Called with a newly given task (once per assignment), after its commit. */
  onAssigned(listener: (item: TaskItem) => void): void {
    this.assignedListeners.add(listener);
  }

  /** An event changed: its task placed on (or moved between) workers' lists. */
  changed(event: CityEvent, tell = true): void {
    this.pruneHourly();
    const task = event.task;
    // A task given to someone else since: it leaves the last worker's list.
    const held = this.holder.get(event.id);
    if (held !== undefined && held !== task?.worker) {
      const items = this.byWorker.get(held)!;
      if (items.get(event.id)!.task.completedAtMs === null) this.release(held);
      items.delete(event.id);
      if (items.size === 0) this.byWorker.delete(held);
      this.holder.delete(event.id);
    }
    if (!task) return;
    this.holder.set(event.id, task.worker);
    const items = this.byWorker.get(task.worker) ?? new Map<string, TaskItem>();
    this.byWorker.set(task.worker, items);
    const before = items.get(event.id);
    const wasOpen = before !== undefined && before.task.completedAtMs === null;
    const isOpen = task.completedAtMs === null;
    const item = itemOf(event);
    items.set(event.id, item);
    if (isOpen && !wasOpen) this.busy.set(task.worker, (this.busy.get(task.worker) ?? 0) + 1);
    if (!isOpen && wasOpen) this.release(task.worker);
    const newlyGiven = !before || before.task.assignedAtMs !== task.assignedAtMs;
    if (tell && isOpen && newlyGiven) for (const listener of this.assignedListeners) listener(item);
  }

  /** A worker's tasks: open ones first, then the day's done, newest first within each. */
  of(worker: string, limit: number): TaskItem[] {
    const items = this.byWorker.get(worker);
    if (!items) return [];
    this.forgetOldDone(worker, items, this.clock() - DONE_KEPT_MS);
    return [...items.values()].sort((a, b) => Number(a.task.completedAtMs !== null) - Number(b.task.completedAtMs !== null) || b.task.assignedAtMs - a.task.assignedAtMs).slice(0, limit);
  }

  /** Whether a worker has a task not yet done. */
  isBusy(worker: string): boolean {
    return this.busy.has(worker);
  }

  /** Done tasks older than a day leave the lists, checked once an hour. */
  private pruneHourly(): void {
    const now = this.clock();
    if (now - this.lastPruneMs < 3_600_000) return;
    this.lastPruneMs = now;
    for (const [worker, items] of this.byWorker) this.forgetOldDone(worker, items, now - DONE_KEPT_MS);
  }

  private forgetOldDone(worker: string, items: Map<string, TaskItem>, sinceMs: number): void {
    for (const [id, item] of items)
      if (item.task.completedAtMs !== null && item.task.completedAtMs < sinceMs) {
        items.delete(id);
        this.holder.delete(id);
      }
    if (items.size === 0) this.byWorker.delete(worker);
  }

  private release(worker: string): void {
    const n = (this.busy.get(worker) ?? 1) - 1;
    if (n > 0) this.busy.set(worker, n);
    else this.busy.delete(worker);
  }
}
