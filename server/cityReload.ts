import { NAMESPACES } from '../common/socketCatalogue.ts';
import type { Config } from './config.ts';
import { type RunningServer, startServer } from './index.ts';
import type { Logger } from './logger.ts';

/** How often a node asks its store for a newer city version, ms: one indexed MAX, cheap. */
export const CITY_POLL_MS = 2_000;
/**
 * Nodes reload one after another, not together: node i waits i × this (plus up to JITTER_MS),
 * so two nodes behind one proxy never drop out at once. Two nodes serve a new version within
 * ≈ 2 s of polling + 3 s + 1 s + the rebuild (≈ 2 s for the full city): under 10 s.
 */
const STAGGER_MS = 3_000;
const JITTER_MS = 1_000;
/**
 * The longest a node waits for broadcasts in their confirmation window (10 minutes by default)
 * before turning to a new city version anyway, ms.
 */
const BROADCAST_WAIT_MAX_MS = 30 * 60_000;
/** After telling the pages, before closing their sockets: time for the message to leave, ms. */
const TELL_PAGES_MS = 300;

export interface ServingNode {
  current(): RunningServer;
  readonly stopGraceMs: number;
  stop(): Promise<void>;
}

/**
 * Runs a node that follows the city in use: when an import stores a newer city version, the node
 * waits for the broadcasts in their confirmation window (at most 30 minutes), then reloads itself
 * in place — tells its pages (`city:changed`: walls, consoles and desks reload
 * what they show; phones reconnect into the new units' rooms), drains and closes as on SIGTERM,
 * builds the new city and listens again on the same port. Nothing restarts the process and no
 * one has to act; what a reload keeps is what a restart keeps (all of it is in the store).
 */
export async function serveFollowingTheCity(config: Config, logger: Logger, start: typeof startServer = startServer): Promise<ServingNode> {
  let server = await start(config, logger);
  // Again on the port it got (config.port may be 0: any free port).
  const again = { ...config, port: Number(new URL(server.url).port) };
  let stopped = false;
  let reloading = false;
  const reload = async (version: number) => {
    reloading = true;
    // Broadcasts in flight keep the targets they were sent to: wait for their confirmation windows.
    const waitStartedMs = Date.now();
    if (server.app.unsettledBroadcasts() > 0)
      logger.info({ broadcasts: server.app.unsettledBroadcasts(), version }, 'a newer city version is stored: waiting for the broadcasts in flight before turning to it');
    while (server.app.unsettledBroadcasts() > 0 && Date.now() - waitStartedMs < BROADCAST_WAIT_MAX_MS && !stopped) await sleep(CITY_POLL_MS);
    if (server.app.unsettledBroadcasts() > 0)
      logger.warn(
        { broadcasts: server.app.unsettledBroadcasts(), waitedMs: Date.now() - waitStartedMs },
        'turning to the new city version with broadcasts still in their confirmation window: their targets are worked out again on the new roster',
      );
    await sleep(config.nodeIndex * STAGGER_MS + Math.random() * JITTER_MS);
    if (stopped) return;
    logger.info({ from: server.deps.cityVersion, to: version }, 'a newer city version is stored: reloading this node in place to serve it');
    // Only this node's pages: each node tells its own as it reloads.
    for (const path of Object.values(NAMESPACES)) server.app.io.of(path).local.emit('city:changed', { version });
    await sleep(TELL_PAGES_MS);
    await server.stop();
    if (stopped) return;
    try {
      server = await start(again, logger);
    } catch (error) {
      // Crash-only: the supervisor starts the node afresh, on the version now stored.
      logger.fatal({ err: error }, 'could not start again on the new city version: exiting');
      process.exit(1);
    }
    logger.info({ cityVersion: server.deps.cityVersion, url: server.url }, 'serving the new city version');
    reloading = false;
  };
  const timer = setInterval(() => {
    if (reloading || stopped) return;
    server.deps.stores.cityVersions.latestVersion().then(
      (stored) => {
        if (stored > server.deps.cityVersion && !reloading && !stopped) void reload(stored);
      },
      (error: unknown) => logger.warn({ err: error }, 'could not ask the store for the city version; asking again'),
    );
  }, CITY_POLL_MS);
  timer.unref();
  return {
    current: () => server,
    stopGraceMs: server.stopGraceMs,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await server.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
