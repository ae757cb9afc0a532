/**
 * Values grouped by key, kept compact for the common case of one value per key: a worker with one
 * phone, an account with one socket. A Set per key cost ≈ 0.2 KB each at 100,000 phones; here a
 * key holds its one value directly and a Set only from the second.
 */
export class CompactMultimap<K, V> {
  private readonly entries = new Map<K, V | Set<V>>();

  /** Adds a value under its key; returns how many the key holds now. */
  add(key: K, value: V): number {
    const held = this.entries.get(key);
    if (held === undefined) {
      this.entries.set(key, value);
      return 1;
    }
    if (held instanceof Set) return held.add(value).size;
    if (held === value) return 1;
    this.entries.set(key, new Set([held, value]));
    return 2;
  }

  /** Removes a value from its key; returns how many the key holds now, or -1 when it did not hold the value. */
  delete(key: K, value: V): number {
    const held = this.entries.get(key);
    if (held === undefined) return -1;
    if (!(held instanceof Set)) {
      if (held !== value) return -1;
      this.entries.delete(key);
      return 0;
    }
    if (!held.delete(value)) return -1;
    if (held.size === 1) this.entries.set(key, held.values().next().value as V);
    return held.size;
  }

  /** The values under a key (none when it holds none). */
  get(key: K): readonly V[] {
    const held = this.entries.get(key);
    if (held === undefined) return [];
    return held instanceof Set ? [...held] : [held];
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** Each key with its values. */
  *groups(): IterableIterator<[K, readonly V[]]> {
    for (const key of this.entries.keys()) yield [key, this.get(key)];
  }
}
