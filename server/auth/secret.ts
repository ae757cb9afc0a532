import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../store/privateFiles.ts';

/**
 * The token-signing secret: AUTH_SECRET when given, else one generated on first start and kept
 * in the data directory (mode 600, the directory 700), so walls stay logged in across restarts.
 */
export function loadAuthSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'auth-secret');
  ensurePrivateDir(dataDir);
  if (existsSync(file)) {
    makePrivate(file);
    return readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(32).toString('base64url');
  // Created 0600 (the umask can only take away), and made exactly that.
  writeFileSync(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE });
  makePrivate(file);
  return secret;
}
