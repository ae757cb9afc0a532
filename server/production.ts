/**
 * `npm run start:prod`: one node of the release build (`npm run build`), from `dist/`, on plain
 * Node — no TypeScript toolchain, no client build at start, no simulated city. NODE_ENV defaults
 * to production here (demo accounts off, AUTH_SECRET required); several nodes are several of
 * these processes, each with its PORT, on one DATABASE_URL and REDIS_URL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readConfigOrExit } from './config.ts';
import { serveFollowingTheCity } from './cityReload.ts';
import { stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';

// Before the configuration is read (it reads the environment when asked, not on import).
process.env.NODE_ENV ??= 'production';
const config = readConfigOrExit();
const logger = createLogger(config.logLevel);
if (!existsSync(path.join(config.clientDir, 'wall', 'index.html'))) {
  logger.fatal({ clientDir: config.clientDir }, 'the client is not built here: run `npm run build` before `npm run start:prod` (or set CLIENT_DIR)');
  process.exit(2);
}
if (config.simulate) logger.warn('SIMULATE is ignored by the release build: the simulated city runs with `npm start`');
try {
  const node = await serveFollowingTheCity(config, logger);
  stopOnSignals(node, logger);
  logger.info({ url: node.current().url, nodeEnv: process.env.NODE_ENV }, 'City Brain is serving');
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
