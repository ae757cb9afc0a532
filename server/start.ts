/**
 * `npm start`: builds the client if it is missing or older than its sources, then runs the server.
 * (The simulated city joins here once the simulator exists.)
 */
import { readConfig } from './config.ts';
import { ensureClientBuilt } from './clientBuild.ts';
import { startServer, stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);
try {
  await ensureClientBuilt(config.clientDir, logger);
  const server = await startServer(config, logger);
  stopOnSignals(server, logger);
  // After the buffered log lines, so the hint is the last thing on the screen.
  logger.flush(() => process.stdout.write(`\n  City Brain 智慧大脑 is running: open ${server.url}/wall\n\n`));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
