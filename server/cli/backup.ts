/**
 * `npm run backup -- --out FILE` and `npm run restore -- FILE`: the whole store — events with
 * their histories, broadcasts and receipts, accounts, photos, tracks, cases, the audit log — on
 * the DATA_DIR's SQLite file or DATABASE_URL's PostgreSQL, whichever the configuration names.
 *
 *   backup --out FILE   SQLite: the online backup API (consistent while the server runs);
 *                       PostgreSQL: pg_dump's custom format (one snapshot). Never overwrites FILE.
 *   restore FILE        into an empty DATA_DIR, or an empty database at DATABASE_URL; the server
 *                       migrates it forward when it starts.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { backupPostgres, PG_DUMP_HEADER, restorePostgres } from '../store/postgresBackup.ts';
import { type BackupResult, backupSqlite, restoreSqlite, SQLITE_HEADER } from '../store/sqliteBackup.ts';

const USAGE = `usage: npm run backup -- --out FILE
       npm run restore -- FILE`;

class UsageError extends Error {}

/** The first bytes of a file, as text: which kind of backup it is. */
function headerOf(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

const describe = (what: string, r: BackupResult) => `${what} ${r.file}: ${(r.bytes / 1_048_576).toFixed(1)} MB, schema ${r.schemaVersion}, in ${(r.tookMs / 1000).toFixed(1)} s`;

async function main(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const config = readConfig();
  const store = config.databaseUrl ? 'PostgreSQL' : 'SQLite';
  if (command === 'backup') {
    const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' } }, allowPositionals: true });
    if (!values.out || positionals.length) throw new UsageError('backup: --out FILE is required, and nothing else');
    if (existsSync(values.out)) throw new UsageError(`backup: ${values.out} exists; a backup never overwrites a file: choose another name`);
    const result = config.databaseUrl ? await backupPostgres(config.databaseUrl, values.out) : await backupSqlite(config.databaseFile, values.out);
    return describe(`backed up the ${store} store into`, result);
  }
  if (command === 'restore') {
    const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('restore: name one backup FILE');
    if (!existsSync(file)) throw new UsageError(`restore: ${file} does not exist`);
    const header = headerOf(file, SQLITE_HEADER.length);
    const kind = header === SQLITE_HEADER ? 'SQLite' : header.startsWith(PG_DUMP_HEADER) ? 'PostgreSQL' : null;
    if (!kind) throw new UsageError(`restore: ${file} is neither a SQLite backup nor a pg_dump archive`);
    if (kind !== store) throw new UsageError(`restore: ${file} is a ${kind} backup, and the configuration names ${store} (${config.databaseUrl ? 'DATABASE_URL is set' : 'no DATABASE_URL'})`);
    const result = config.databaseUrl ? await restorePostgres(file, config.databaseUrl) : await restoreSqlite(file, config.databaseFile);
    return describe(`restored into the ${store} store from`, { ...result, file });
  }
  throw new UsageError(command ? `unknown command: ${command}` : 'a command is required');
}

try {
  process.stdout.write(`${await main(process.argv.slice(2))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof UsageError ? `${error.message}\n${USAGE}` : `${process.argv[2] ?? 'backup'}: ${(error as Error).message}`}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
