import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, makePrivate } from './privateFiles.ts';
import { SCHEMA_VERSION } from './sqliteMigrations.ts';

/** What a backup or restore made: the file, its size in bytes, its schema version, how long it took, ms. */
export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  tookMs: number;
}

/** The first 16 bytes of every SQLite database file. */
export const SQLITE_HEADER = 'SQLite format 3\0';

/** Opens `file` read-only and checks it whole: integrity, and a schema this code can migrate from. */
function checked(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} is damaged: ${String(integrity)}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${file} has schema ${version}, newer than this release's ${SCHEMA_VERSION}: restore it with the release that made it`);
    return version;
  } finally {
    db.close();
  }
}

/**
 * An online backup of the SQLite store at `source` into `out`, consistent while the server runs:
 * SQLite's backup API, all pages in one step, so one read snapshot (a write by the server in the
 * meantime only makes it start again). Written to `out.partial` and renamed when checked, so an
 * interrupted backup never leaves a file under the name asked for.
 */
export async function backupSqlite(source: string, out: string): Promise<BackupResult> {
  const started = performance.now();
  if (!existsSync(source)) throw new Error(`no SQLite store at ${source} (DATA_DIR): nothing to back up`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
  } finally {
    db.close();
  }
  makePrivate(partial);
  const schemaVersion = checked(partial);
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, schemaVersion, tookMs: Math.round(performance.now() - started) };
}

/**
 * Restores a backup into `target` (DATA_DIR's store), which must not exist yet: a restore never
 * overwrites a store. The backup is checked first; the server migrates it forward at start.
 */
export async function restoreSqlite(backup: string, target: string): Promise<BackupResult> {
  const started = performance.now();
  if (existsSync(target) && statSync(target).size > 0) throw new Error(`${target} already holds a store: restore into an empty DATA_DIR (move the old one away first)`);
  const schemaVersion = checked(backup);
  ensurePrivateDir(path.dirname(target));
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  // Through SQLite rather than a byte copy: a whole file, whatever the backup's journal state.
  const db = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } finally {
    db.close();
  }
  makePrivate(partial);
  for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, schemaVersion, tookMs: Math.round(performance.now() - started) };
}
