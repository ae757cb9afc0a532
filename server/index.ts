import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app.ts';
import type { AppDeps } from './appDeps.ts';
import type { Config } from './config.ts';
import { buildDeps } from './deps.ts';
import type { Logger } from './logger.ts';

/** Time a graceful shutdown may take before the process exits anyway. */
/** After the drain: time to commit what is queued and close, ms; past it a stop is forced. */
const SHUTDOWN_FLUSH_MS = 10_000;

export interface RunningServer {
  app: App;
  /** What the app was built from: its services and stores (tests and tools reach in here). */
  deps: AppDeps;
  url: string;
  /** How long a graceful stop may take before it is forced, ms: the drain and the last commits. */
  stopGraceMs: number;
  stop(): Promise<void>;
}

/** The only place that listens. Resolves once the port is open and the tiles are warm. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const deps = await buildDeps(config, logger);
  const app = createApp(deps, config);
  await app.start();
  await new Promise<void>((resolve, reject) => {
    app.http.once('error', reject);
    app.http.listen({ host: config.host, port: config.port, backlog: 4096 }, resolve);
  });
  const { port } = app.http.address() as AddressInfo;
  const url = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, wall: `${url}/wall`, console: `${url}/console`, worker: `${url}/worker` }, 'listening');
  // Cutting tile indexes takes a moment; do it after listening so /api/health answers at once.
  setImmediate(() => deps.tiles.warmUp());
  return { app, deps, url, stopGraceMs: config.drainTimeoutMs + SHUTDOWN_FLUSH_MS, stop: () => app.close() };
}

/** SIGINT/SIGTERM: drain (stop admitting, finish requests in flight, commit), close sockets, exit; a second signal or the grace period forces it. */
export function stopOnSignals(server: Pick<RunningServer, 'stop' | 'stopGraceMs'>, logger: Logger, beforeStop: () => void = () => {}): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    beforeStop();
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), server.stopGraceMs).unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
