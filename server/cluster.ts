/**
 * `npm run start:cluster -- --nodes N`: N equal nodes on one machine, for more workers' phones
 * than one process may hold (≈ 19,000 here) — the same as `npm start` on N machines with one
 * DATABASE_URL and REDIS_URL: every node serves pages, REST, walls, consoles and phones. Both
 * variables are required; without either it exits at once, naming it. The primary builds the
 * client, then forks the nodes and restarts any that dies; node i listens on PORT + i, and node 0
 * runs the simulated city (unless SIMULATE=0).
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadAuthSecret } from './auth/secret.ts';
import { ensureClientBuilt } from './clientBuild.ts';
import { readConfigOrExit } from './config.ts';
import { serveFollowingTheCity } from './cityReload.ts';
import { stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';
import { startSimulatedCity } from './simulatedCity.ts';

if (cluster.isPrimary) {
  const { values: args } = parseArgs({ options: { nodes: { type: 'string', default: '4' } } });
  const nodes = Number(args.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error(`--nodes must be 1…16, got ${args.nodes}`);
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  // Equal nodes share one store and one Redis; nothing else may be shared between processes.
  for (const [name, value] of [
    ['DATABASE_URL', config.databaseUrl],
    ['REDIS_URL', config.redis],
  ] as const)
    if (!value) {
      logger.fatal(`npm run start:cluster runs equal nodes on PostgreSQL and Redis: set ${name} (or run one process with npm start)`);
      process.exit(2);
    }
  await ensureClientBuilt(config.clientDir, logger);
  // One signing secret for all nodes, settled before any starts: a token from node 0 must open node 1.
  const authSecret = loadAuthSecret(config.authSecret, config.dataDir);
  // Each node listens on a port of its own, so each accepts its own connections: in Node's default
  // round-robin the primary accepted every one and handed it over IPC, a message per phone.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ NODE_INDEX: String(index), AUTH_SECRET: authSecret });
    worker.on('exit', (code) => {
      if (stopping) return;
      logger.error({ node: index, code }, 'node died; starting it again');
      fork(index);
    });
  };
  for (let i = 0; i < nodes; i++) fork(i);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    let running = workers.length;
    // The primary leaves once every node has shut down (each has its own grace period).
    for (const worker of workers) {
      worker.once('exit', () => --running === 0 && process.exit(0));
      worker.process.kill('SIGTERM');
    }
    if (running === 0) process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  logger.info({ nodes, port: config.port }, `cluster: ${nodes} equal nodes on ports ${config.port}…${config.port + nodes - 1}, sharing PostgreSQL and Redis`);
} else {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel).child({ node: config.nodeIndex });
  const node = await serveFollowingTheCity(config, logger);
  const simulator = config.nodeIndex === 0 && config.simulate ? startSimulatedCity(node.current().url, { speed: config.simulationSpeed, workers: config.simulatedWorkers }, logger) : null;
  stopOnSignals(node, logger, () => simulator?.kill());
}
