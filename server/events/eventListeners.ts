import type { CityEvent } from '../../common/domain/eventRecords.ts';

type Listener<T> = (value: T) => void;

/**
 * Who hears of events once they are committed, in this order: each new event (`onCreated`), each
 * change (`onChange`, also another node's), then the whole group this process wrote
 * (`onCommitted`: what the other nodes are told).
 */
export class EventListeners {
  private readonly change = new Set<Listener<CityEvent>>();
  private readonly created = new Set<Listener<CityEvent>>();
  private readonly group = new Set<Listener<CityEvent[]>>();

  /** Every change, ours and (with Redis) the other nodes'; returns how to stop listening. */
  readonly onChange = (listener: Listener<CityEvent>): (() => void) => {
    this.change.add(listener);
    return () => this.change.delete(listener);
  };

  /** Once per new event, after its commit (before the change listeners). */
  readonly onCreated = (listener: Listener<CityEvent>): void => {
    this.created.add(listener);
  };

  /** Each group of writes this process committed, as stored. */
  readonly onCommitted = (listener: Listener<CityEvent[]>): void => {
    this.group.add(listener);
  };

  /** Events changed elsewhere (another writer's version, another node's news). */
  changed(events: readonly CityEvent[]): void {
    for (const event of events) for (const listener of this.change) listener(event);
  }

  /** A group this process committed: its new events, then every event of it. */
  committed(created: readonly CityEvent[], all: CityEvent[]): void {
    for (const event of created) for (const listener of this.created) listener(event);
    this.changed(all);
    for (const listener of this.group) listener(all);
  }
}
