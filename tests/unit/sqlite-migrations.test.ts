import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/sqliteDatabase.ts';
import Database from 'better-sqlite3';
import { migrate, SCHEMA_VERSION } from '../../server/store/sqliteMigrations.ts';
import { SqlAccountRepository } from '../../server/store/sqlAccountRepository.ts';
import { sqliteAccountBatches } from '../../server/store/sqliteAccountBatches.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';

const OPENERS = 4;
/** Time for every opener process to load before they all open the file together, ms. */
const START_IN_MS = 2500;

/** A process that opens (and so migrates) the database at a given wall-clock moment; resolves its exit code. */
function openAt(file: string, atMs: number): Promise<{ code: number | null; stderr: string }> {
  const script = `const { openDatabase } = await import(${JSON.stringify(path.resolve('server/store/sqliteDatabase.ts'))}); await new Promise((r) => setTimeout(r, ${atMs} - Date.now())); openDatabase(${JSON.stringify(file)}).close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('sqlite migrations', () => {
  it('let the nodes of a cluster open a new database file at the same moment', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-migrate-')), 'city-brain.sqlite');
    const atMs = Date.now() + START_IN_MS;
    const results = await Promise.all(Array.from({ length: OPENERS }, () => openAt(file, atMs)));
    expect(results.map((r) => r.stderr).join('')).toBe('');
    expect(results.map((r) => r.code)).toEqual(Array(OPENERS).fill(0));
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(20);
    db.close();
  }, 20_000);

  it('makes each refresh token issued before version 11 a family of its own, still good once', async () => {
    const db = new Database(':memory:');
    migrate(db, 10);
    db.prepare('INSERT INTO refresh_tokens (token_hash, username, expires_at) VALUES (?, ?, ?)').run('old-hash', 'wall', Date.now() + 60_000);
    migrate(db);
    const sql = sqliteRunner(db);
    const accounts = new SqlAccountRepository(sql, sqliteAccountBatches(sql));
    expect(await accounts.takeRefresh('old-hash', Date.now())).toMatchObject({ outcome: 'taken', record: { tokenHash: 'old-hash', username: 'wall', familyId: 'old-hash' } });
    expect(await accounts.takeRefresh('old-hash', Date.now())).toMatchObject({ outcome: 'reused' });
    db.close();
  });
});
