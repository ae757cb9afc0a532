import path from 'node:path';
import { ensureClientBuilt } from '../../server/clientBuild.ts';
import { createLogger } from '../../server/logger.ts';

export const BUILT_CLIENT_DIR = path.resolve('dist/client');

/** The browser tests drive the production build: build it first when missing or stale. */
export default async function setup(): Promise<void> {
  await ensureClientBuilt(BUILT_CLIENT_DIR, createLogger('info'));
}
