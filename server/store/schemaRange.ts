/**
 * Upgrades without downtime: migrations expand the schema (add what older code ignores) or
 * contract it (remove or tighten what older code reads or writes). The store remembers, with its
 * version, the oldest code that still works on it; a node serves while the store's schema lies
 * between that and the newest it knows itself. Pure rules, no I/O.
 */

/** One schema change, applied once, in order. */
export interface Migration {
  sql: string;
  /**
   * A contract: the oldest code — by the newest migration it knows — that still works once this
   * is applied. Omitted: an expansion, and whatever code read the schema before still does.
   */
  oldestReader?: number;
}

/** Where a store's schema stands: its version, and the oldest code that may use it. */
export interface SchemaLevel {
  version: number;
  oldestReader: number;
}

/** The oldest reader each version leaves behind: a contract raises it, an expansion keeps it. */
export function oldestReaders(migrations: readonly Migration[]): number[] {
  const readers: number[] = [];
  let oldest = 0;
  for (const m of migrations) {
    oldest = Math.max(oldest, m.oldestReader ?? 0);
    readers.push(oldest);
  }
  return readers;
}

/** Why a node whose code knows `newestKnown` migrations must not serve on `store`, or null when it may. */
export function schemaRefusal(store: SchemaLevel, newestKnown: number): string | null {
  if (store.version < newestKnown) return `schema ${store.version} is older than this code's ${newestKnown}: restart the node to migrate it (was the database restored from an older backup?)`;
  if (store.oldestReader > newestKnown)
    return `schema ${store.version} needs code that knows schema ${store.oldestReader} or newer; this node knows ${newestKnown}: upgrade it to the release the other nodes run`;
  return null;
}
