import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openPostgres } from '../../server/store/postgresDatabase.ts';
import { openDatabase } from '../../server/store/sqliteDatabase.ts';
import { createTestDatabase } from './postgres.ts';

/** A store for a contract suite: `connect` opens another connection to it, as another process would. */
export interface StoreUnderTest<C> {
  connect(): Promise<C>;
  teardown(): Promise<void>;
}

export interface OpenedStore<C> {
  store: StoreUnderTest<C> | null;
  a: C;
  b: C;
}

/**
 * Opens the store and two connections to it (two nodes) before the suite's tests, hands them to
 * `assign`, and closes and tears them down after. `store` is null when the store is absent
 * (PostgreSQL outside CI): the tests skip themselves then.
 */
export function twoConnections<C>(open: () => Promise<StoreUnderTest<C> | null>, assign: (opened: OpenedStore<C>) => void, close: (connection: C) => Promise<void> = async () => {}): void {
  let opened: OpenedStore<C> | null = null;
  beforeAll(async () => {
    const store = await open();
    opened = { store, a: (store ? await store.connect() : null) as C, b: (store ? await store.connect() : null) as C };
    assign(opened);
  });
  afterAll(async () => {
    if (opened?.store) {
      await close(opened.a);
      await close(opened.b);
    }
    await opened?.store?.teardown();
  });
}

/** The embedded store: every connection a handle on one SQLite file in a directory of its own. */
export async function sqliteStore<C>(make: (db: Database.Database) => C): Promise<StoreUnderTest<C>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-contract-'));
  const opened: Database.Database[] = [];
  return {
    connect: async () => {
      const db = openDatabase(path.join(dir, 'store.sqlite'));
      opened.push(db);
      return make(db);
    },
    teardown: async () => {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL: every connection a pool on a database of this run's own, dropped at the end; null when PostgreSQL is absent. */
export async function postgresStore<C>(make: (pool: pg.Pool) => C): Promise<StoreUnderTest<C> | null> {
  const database = await createTestDatabase();
  if (!database) return null;
  const opened: pg.Pool[] = [];
  return {
    connect: async () => {
      const pool = await openPostgres(database.url);
      opened.push(pool);
      return make(pool);
    },
    teardown: async () => {
      await Promise.all(opened.map((pool) => (pool.ended ? undefined : pool.end())));
      await database.drop();
    },
  };
}
