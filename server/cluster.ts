/**
 * `npm run start:cluster -- --nodes N`: the server as N processes on one machine, for more
 * workers' phones than one process may hold (≈ 19,000 here). The primary builds the client, then
 * forks the nodes and restarts any that dies; node i listens on PORT + i, and node 0 runs the
 * simulated city (unless SIMULATE=0).
 *
 * With REDIS_URL every node is a whole server (the same as `npm start` on several machines with
 * one DATABASE_URL and REDIS_URL): any of them serves pages, REST, walls, consoles and phones.
 * Without it, node 0 is the whole server and the others hold workers' sockets only; broadcasts
 * reach them through @socket.io/cluster-adapter, and each counts its own receipts and reports
 * totals.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { setupPrimary } from '@socket.io/cluster-adapter';
import { loadAuthSecret } from './auth/secret.ts';
import { ensureClientBuilt } from './clientBuild.ts';
import { readConfigOrExit } from './config.ts';
import { startServer, stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';
import { startSimulatedCity } from './simulatedCity.ts';

if (cluster.isPrimary) {
  const { values: args } = parseArgs({ options: { nodes: { type: 'string', default: '4' } } });
  const nodes = Number(args.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error(`--nodes must be 1…16, got ${args.nodes}`);
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  await ensureClientBuilt(config.clientDir, logger);
  // One signing secret for all nodes, settled before any starts: a token from node 0 must open node 1.
  const authSecret = loadAuthSecret(config.authSecret, config.dataDir);
  // The cluster adapter's relay through this process, for the design without Redis.
  if (!config.redis) setupPrimary();
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ NODE_INDEX: String(index), CLUSTER_NODES: String(nodes), AUTH_SECRET: authSecret });
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
  logger.info(
    { nodes, port: config.port, redis: config.redis !== null },
    config.redis
      ? `cluster: ${nodes} whole nodes on ports ${config.port}…${config.port + nodes - 1}, sharing Redis`
      : `cluster: node 0 on port ${config.port}, worker sockets on ${config.port + 1}…${config.port + nodes - 1}`,
  );
} else {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel).child({ node: config.nodeIndex });
  const server = await startServer(config, logger);
  const simulator = config.nodeIndex === 0 && config.simulate ? startSimulatedCity(server.url, config.simulationSpeed, logger) : null;
  stopOnSignals(server, logger, () => simulator?.kill());
}
