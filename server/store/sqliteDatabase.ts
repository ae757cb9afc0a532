import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './sqliteMigrations.ts';

/**
 * The embedded database: one SQLite file in WAL mode, shared by the repositories. With
 * synchronous=FULL a committed transaction survives a crash or power cut; the repositories batch
 * writes so that costs one fsync per batch.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Waiting first: a cluster's nodes open the file together, and switching to WAL needs a lock.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}
