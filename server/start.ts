/**
 * `npm start`: builds the client if it is missing or older than its sources, runs the server on
 * embedded SQLite, and plays a simulated city against it (SIMULATE=0 to do without).
 */
import { readConfigOrExit } from './config.ts';
import { ensureClientBuilt } from './clientBuild.ts';
import { serveFollowingTheCity } from './cityReload.ts';
import { stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';
import { startSimulatedCity } from './simulatedCity.ts';

const config = readConfigOrExit();
const logger = createLogger(config.logLevel);
try {
  await ensureClientBuilt(config.clientDir, logger);
  const node = await serveFollowingTheCity(config, logger);
  const { url } = node.current();
  const simulator = config.simulate ? startSimulatedCity(url, { speed: config.simulationSpeed, workers: config.simulatedWorkers }, logger) : null;
  stopOnSignals(node, logger, () => simulator?.kill());
  // After the buffered log lines, so the hint is the last thing on the screen.
  logger.flush(() => process.stdout.write(`\n  City Brain 智慧大脑 is running: open ${url}/wall\n\n`));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
