import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { PROJECT_ROOT } from './projectRoot.ts';
import type { Logger } from './logger.ts';

const ROOT = PROJECT_ROOT;
const CLIENT_SOURCES = ['client', 'common', 'vite.config.ts'];

function newestMtimeMs(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((entry) => newestMtimeMs(path.join(target, entry))));
}

/** True when the built pages are missing or older than any client source. */
export function clientBuildIsStale(clientDir: string): boolean {
  const marker = path.join(clientDir, 'wall', 'index.html');
  if (!existsSync(marker)) return true;
  const builtAt = statSync(marker).mtimeMs;
  return CLIENT_SOURCES.some((source) => newestMtimeMs(path.join(ROOT, source)) > builtAt);
}

/**
 * Runs Vite's production build when needed (a few seconds), in its own process with
 * NODE_ENV=production: a caller such as the test runner may have set NODE_ENV=test, which would
 * bundle React's development build.
 */
export async function ensureClientBuilt(clientDir: string, logger: Logger): Promise<void> {
  if (!clientBuildIsStale(clientDir)) return;
  logger.info({ clientDir }, 'building the client (vite build)…');
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', clientDir, '--emptyOutDir'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  logger.info('client built');
}
