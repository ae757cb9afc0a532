import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import express from 'express';
import proxyAddress from 'proxy-addr';
import { Server as SocketServer } from 'socket.io';
import type { WallDelta } from '../common/socketCatalogue.ts';
import type { Config } from './config.ts';
import { locateCommand } from './realtime/locateHandler.ts';
import { SlowConsumerGuard } from './realtime/slowConsumers.ts';
import { attachWallNamespace } from './realtime/wallNamespace.ts';
import { WallFeed } from './realtime/wallFeed.ts';
import { RepeatingTask } from './scheduling/repeatingTask.ts';
import { OfficerDeskFeed } from './realtime/officerDeskFeed.ts';
import { attachConsoleNamespace } from './realtime/consoleNamespace.ts';
import { createSocketServer } from './realtime/socketServer.ts';
import type { AppDeps } from './appDeps.ts';
import { LoadGauge } from './http/loadShedding.ts';
import { type FieldBus, FieldService } from './field/fieldService.ts';
import { askGridToVerify } from './field/autoVerify.ts';
import { TaskBoard } from './field/taskBoard.ts';
import { BroadcastService } from './broadcasts/broadcastService.ts';
import { clusterBus, sharedBus } from './broadcasts/clusterBus.ts';
import { SharedReceipts } from './broadcasts/sharedReceipts.ts';
import { DUTIES, joinSharedNode, startSharedNode, stopSharedNode } from './coordination/sharedNode.ts';
import { attachWorkerNamespace } from './realtime/workerNamespace.ts';
import { DrainGate } from './http/drainGate.ts';
import { mountRoutes } from './http/routes.ts';

export interface App {
  http: HttpServer;
  /** The Express application: its routes, for the authorisation and API-description tests. */
  express: express.Express;
  /** Signed-in and still-signing-in socket connections of this process. */
  sockets: () => { signedIn: number; pending: number };
  io: SocketServer;
  /** Grid workers in the field on this node (duty, positions): for benchmarks that fill it directly. */
  field: FieldService;
  /** Loads what the store holds for the live parts (broadcasts followed) and starts their clocks; before listening. */
  start(): Promise<void>;
  /**
   * Graceful drain: stops admitting (ready turns 503, new connections and sockets are refused),
   * lets requests in flight finish (at most DRAIN_TIMEOUT_MS), commits what is queued, then
   * disconnects sockets and resolves when the HTTP server has closed.
   */
  close(): Promise<void>;
}

/** Event writes queued beyond which intake is shed: two commit groups, about half a second of the store's work. */
const MAX_WRITE_BACKLOG = 10_000;
const MIB = 1024 * 1024;
/** How often every socket's send buffer is checked, ms: a stalled client holds at most a second's more. */
const SLOW_CONSUMER_CHECK_MS = 1000;

/** Shared broadcast counters outlive the tracking window by this, ms. */
const SHARED_COUNTS_EXTRA_MS = 3_600_000;
/** How often the alerts' lease holder puts right what a dead node left undone, ms. */
const ALERT_ROUND_MS = 5_000;

/** The one wiring point: builds the HTTP and Socket.IO servers without listening, so tests can build many. */
export function createApp(deps: AppDeps, config: Config): App {
  const { geo, geoSummary, logger, clock, events, directory, trust } = deps;
  const domainNow = deps.domainClock.now;
  const startedAtMs = clock();
  // POST /api/clock moves the city's time: only with the simulated city, or asked for by SIMULATION_CLOCK.
  const simulationClock = config.simulate || config.simulationClock;
  const app = express();
  app.disable('x-powered-by');
  const drain = new DrainGate();
  app.use(drain.middleware);
  app.set('trust proxy', config.trustProxy);
  // The client's address as Express sees it (X-Forwarded-For only from a trusted proxy), for sockets too.
  const trustFn = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const addressOfRequest = (req: IncomingMessage) => proxyAddress(req, trustFn);
  const http = config.tls ? createTlsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app) : createServer(app);
  const { shared } = deps;
  const clustered = config.clusterNodes > 1 && !shared;
  // With Redis every node is whole. Without it, in a cluster on one machine node 0 is the whole
  // server and the other nodes hold workers' sockets only.
  const fullNode = shared !== null || config.nodeIndex === 0;
  const { io, door, wallNsp, consoleNsp, workerNsp } = createSocketServer(http as HttpServer, { deps, config, addressOfRequest, clustered });

  // How late the event loop runs: past capacity, intake is shed and the walls are told.
  const load = new LoadGauge(config.shedEventLoopLagMs, () => events.writeBacklog > MAX_WRITE_BACKLOG);
  load.start();
  const broadcastBus = shared ? sharedBus(shared.bus) : clustered ? clusterBus(workerNsp, config.nodeIndex) : null;
  const broadcasts = new BroadcastService(deps.broadcastRepository, directory, workerNsp, clock, broadcastBus, {
    receiptCommitMs: config.receiptCommitMs,
    storeTimer: deps.metrics,
    trackForMs: config.broadcastTrackingMs,
    onError: (error) => logger.error({ err: error }, 'a broadcast duty failed (receipts, resends, stragglers or progress); trying again'),
    shared: shared
      ? {
          receipts: new SharedReceipts(shared.redis, config.broadcastTrackingMs + SHARED_COUNTS_EXTRA_MS, directory.districtCodes.length),
          nodeId: shared.redis.nodeId,
          alive: () => shared.membership.alive,
          leads: (duty) => shared.leads(duty),
        }
      : undefined,
  });
  const locate = locateCommand(geo);
  events.onCreated((event) => deps.metrics.eventCreated(event.channel));
  deps.metrics.watch({
    socketsByNamespace: () => ({ wall: wallNsp.sockets.size, console: consoleNsp.sockets.size, worker: workerNsp.sockets.size }),
    pendingSockets: () => door.counts.pending,
    broadcastsInFlight: () => broadcasts.inFlight,
    receiptsPending: () => broadcasts.receipts.pending,
    receiptsLagMs: () => broadcasts.receipts.lagMs,
    eventWriteBacklog: () => events.writeBacklog,
    eventLoopLagMs: () => load.lagMs,
    shedding: () => load.shedding,
    leases: shared ? () => Object.fromEntries(DUTIES.map((duty) => [duty, shared.leads(duty)])) : undefined,
  });
  const { sensors, modes } = deps;
  // Positions and tracks run on real time: they come from phones' clocks.
  // Each node tells the others of its phones' duty and positions, so every wall sees every worker.
  const fieldBus: FieldBus | null = shared
    ? { publish: (entries) => shared.bus.publish('field:news', entries), onNews: (handler) => shared.bus.on('field:news', handler) }
    : clustered
      ? { publish: (entries) => void workerNsp.serverSideEmit('field:news', entries), onNews: (handler) => workerNsp.on('field:news', handler) }
      : null;
  const field = new FieldService(
    deps.stores.tracks,
    directory,
    geo,
    clock,
    (error) => logger.error({ err: error }, 'writing patrol tracks or telling the other nodes of positions failed; trying again'),
    fieldBus,
  );
  // Workers' tasks by worker, from every change (ours and the other nodes'), and the grid asked to verify citizens' reports.
  const taskBoard = new TaskBoard(domainNow);
  taskBoard.load(events.recent(Number.MAX_SAFE_INTEGER, (e) => e.task !== undefined && e.task !== null));
  events.onChange((event) => taskBoard.changed(event));
  if (fullNode) askGridToVerify(events, field, taskBoard, directory, trust.audit, config.autoVerify, domainNow, logger);
  const wallFeedRole = shared
    ? {
        leads: () => shared.leads('feed'),
        publish: (delta: WallDelta) => void shared.bus.publish('wall:delta', delta).catch((error: unknown) => logger.error({ err: error }, 'could not hand the wall delta to the other nodes')),
      }
    : undefined;
  const wallFeed =
    fullNode && sensors
      ? new WallFeed(
          wallNsp,
          { events, sensors, modes, latestBroadcast: () => broadcasts.latestProgress(), load, workers: () => field.workersOnDuty() },
          geoSummary,
          clock,
          config.wallCadenceMs,
          (error) => logger.error({ err: error }, 'wall tick failed; trying again at the next'),
          wallFeedRole,
          domainNow,
        )
      : null;
  if (shared && wallFeed && sensors) joinSharedNode(shared, { events, modes, sensors, wallFeed }, logger);
  let deskFeed: OfficerDeskFeed | null = null;
  if (wallFeed && sensors) {
    attachWallNamespace(wallNsp, wallFeed, events, sensors, field, taskBoard, directory, geo, logger);
    deskFeed = new OfficerDeskFeed(
      consoleNsp,
      events,
      () => events.slaTargets,
      domainNow,
      config.wallCadenceMs,
      (error) => logger.error({ err: error }, 'desk tick failed; trying again at the next'),
    );
    attachConsoleNamespace(consoleNsp, { desks: deskFeed, broadcasts, modes, locate, logger });
  } else for (const nsp of [wallNsp, consoleNsp]) nsp.use((_socket, next) => next(new Error(`walls and consoles connect to node 0 (port ${config.port - config.nodeIndex})`)));
  attachWorkerNamespace(workerNsp, directory, broadcasts, locate, field, taskBoard, logger);

  mountRoutes(app, { deps, config, drain, load, field, taskBoard, broadcasts, fullNode, startedAtMs, simulationClock });

  // The SLA sweep runs on its own clock (the broadcast parts start theirs in start()); a failed
  // tick is logged and the next one tries again.
  // With Redis, every node rolls its figures over at midnight and the lease holder escalates.
  const slaSweep = new RepeatingTask(
    () => (fullNode ? events.sweep(shared ? shared.leads('sla') : true) : 0),
    (error) => logger.error({ err: error }, 'SLA sweep failed; trying again at the next'),
  );
  // What a node that died left undone with sensor alerts, put right by the alerts' lease holder.
  const alertRounds = new RepeatingTask(
    async () => {
      if (shared?.leads('alerts') && sensors) await sensors.reconcileAlerts();
    },
    (error) => logger.error({ err: error }, 'alert reconciliation failed; trying again at the next'),
  );
  // Bounded send buffers: a wall's 4 MiB is minutes of deltas; a phone's 1 MiB hundreds of
  // broadcasts, so phones are read every 5 s (a pass over 20,000 costs ≈ 10 ms).
  const slowConsumers = new SlowConsumerGuard(
    [
      { name: 'wall', nsp: wallNsp, maxBufferedBytes: 4 * MIB },
      { name: 'console', nsp: consoleNsp, maxBufferedBytes: 4 * MIB },
      { name: 'worker', nsp: workerNsp, maxBufferedBytes: MIB, everyNthPass: 5 },
    ],
    (namespace, closed) => logger.warn({ namespace, closed }, 'disconnected clients that stopped reading; they resync when back'),
  );
  slowConsumers.start(SLOW_CONSUMER_CHECK_MS, (error) => logger.error({ err: error }, 'checking send buffers failed; trying again'));
  trust.gate.start(config.accountPollMs);
  trust.signIn.start((error) => logger.error({ err: error }, 'sweeping expired refresh tokens failed'));

  return {
    http: http as HttpServer,
    express: app,
    io,
    field,
    sockets: () => door.counts,
    start: async () => {
      await broadcasts.start({
        resendMs: config.broadcastResendMs,
        progressMs: config.wallCadenceMs,
        // Without Redis, local emits: in a cluster every node would otherwise relay the same progress
        // to all walls. With it, only the feed's holder publishes, to every node's consoles.
        publish: (changed) => {
          if (!fullNode) return;
          for (const progress of changed) (shared ? consoleNsp : consoleNsp.local).emit('broadcast:progress', progress);
          wallFeed?.noteBroadcastProgress(changed);
        },
      });
      slaSweep.start(config.slaSweepMs);
      field.start();
      if (shared) {
        await startSharedNode(shared);
        alertRounds.start(ALERT_ROUND_MS);
      }
    },
    close: async () => {
      // Stop admitting: readiness turns 503, the port stops listening, new sockets are refused.
      door.close();
      const closed = new Promise<void>((resolve, reject) => http.close((error) => (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(error) : resolve())));
      const finished = await drain.drain(config.drainTimeoutMs);
      if (!finished) logger.warn({ requestsInFlight: drain.requestsInFlight, drainTimeoutMs: config.drainTimeoutMs }, 'requests still in flight at the end of the drain; closing anyway');
      slaSweep.stop();
      alertRounds.stop();
      trust.gate.stop();
      trust.signIn.stop();
      load.stop();
      slowConsumers.stop();
      wallFeed?.stop();
      deskFeed?.stop();
      // Every position a phone was told is stored goes to disk before the store closes.
      await field.stop().catch((error: unknown) => logger.error({ err: error }, 'could not write the last patrol points at shutdown'));
      // Every receipt a phone was told is safe goes to disk before the sockets go.
      try {
        await broadcasts.stop();
      } catch (error) {
        logger.error({ err: error }, 'could not write the last receipts at shutdown');
      }
      void io.close();
      http.closeAllConnections();
      try {
        await closed;
      } finally {
        if (shared) await stopSharedNode(shared).catch((error: unknown) => logger.error({ err: error }, 'could not leave the other nodes cleanly'));
        await deps.stores.close();
      }
    },
  };
}
