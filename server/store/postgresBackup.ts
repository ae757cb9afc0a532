import { execFile } from 'node:child_process';
import { renameSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import type { BackupResult } from './sqliteBackup.ts';
import { postgresSchemaLevel } from './postgresMigrations.ts';

const run = promisify(execFile);

/** The first 5 bytes of a pg_dump custom-format archive. */
export const PG_DUMP_HEADER = 'PGDMP';

/**
 * A connection string without its password, and the password apart: PostgreSQL's tools take it
 * from PGPASSWORD, so it never shows in the process list.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs one of PostgreSQL's client tools, with a clear word when it is not installed. */
async function tool(name: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(name, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new Error(`${name} is not installed: install PostgreSQL's client programs (Debian: postgresql-client), of the server's major version or newer`);
    throw new Error(`${name} failed: ${(stderr ?? String(error)).trim()}`);
  }
}

async function schemaVersionAt(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return (await postgresSchemaLevel(pool)).version;
  } finally {
    await pool.end();
  }
}

/**
 * A backup of the PostgreSQL store through pg_dump (custom format), consistent while the nodes
 * run: pg_dump reads one snapshot. Written to `out.partial` and renamed once pg_dump succeeds.
 */
export async function backupPostgres(url: string, out: string): Promise<BackupResult> {
  const started = performance.now();
  const { dbname, env } = connection(url);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const schemaVersion = await schemaVersionAt(url);
  await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], env);
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, schemaVersion, tookMs: Math.round(performance.now() - started) };
}

/**
 * Restores a pg_dump archive into the database at `url`, which must be empty (no tables): a
 * restore never overwrites a store. One transaction: all of it, or nothing.
 */
export async function restorePostgres(archive: string, url: string): Promise<BackupResult> {
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ tables: number }>('SELECT COUNT(*)::int AS tables FROM pg_tables WHERE schemaname = current_schema()');
    if ((rows[0]?.tables ?? 0) > 0) throw new Error(`the database at DATABASE_URL already holds ${rows[0]!.tables} tables: restore into an empty database (CREATE DATABASE …)`);
  } finally {
    await pool.end();
  }
  const { dbname, env } = connection(url);
  await tool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, archive], env);
  return { file: archive, bytes: statSync(archive).size, schemaVersion: await schemaVersionAt(url), tookMs: Math.round(performance.now() - started) };
}
