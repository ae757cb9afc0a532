import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The data directory (DATA_DIR) holds the SQLite file — accounts' hashes, reporters' contacts,
 * photos — and the token-signing secret: readable by the server's own user only. Directories are
 * 0700, files 0600, set with chmod after creating them, so the process's umask does not decide.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) as 0700. An existing directory this user owns is tightened
 * to 0700 as well (a data directory made by an earlier version); one owned by someone else is
 * left as it is (a shared parent is not ours to change).
 */
export function ensurePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) missing.push(at);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  for (const created of missing) chmodSync(created, PRIVATE_DIR_MODE);
  if (missing.length === 0) tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty if it is missing, and makes it (new, or old and this user's) 0600. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE);
}

/** Makes each of these files that exists 0600 (where this user owns it); one gone meanwhile (another process closed its -wal) is no matter. */
export function makePrivate(...files: string[]): void {
  for (const file of files) {
    try {
      tighten(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Sets `mode` on what this user owns (another's file or directory is not ours to change). */
function tighten(target: string, mode: number): void {
  const stat = statSync(target);
  if ((stat.mode & 0o777) === mode) return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  chmodSync(target, mode);
}
