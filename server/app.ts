import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import express from 'express';
import proxyAddress from 'proxy-addr';
import { Server as SocketServer } from 'socket.io';
import type { Config } from './config.ts';
import { locateCommand } from './realtime/locateHandler.ts';
import { attachWallNamespace } from './realtime/wallNamespace.ts';
import { WallFeed } from './realtime/wallFeed.ts';
import { historySnapshot } from './replay/historySnapshot.ts';
import { ReplayRecorder } from './replay/replayRecorder.ts';
import { WallReplay } from './replay/wallReplay.ts';
import { OfficerDeskFeed } from './realtime/officerDeskFeed.ts';
import { attachConsoleNamespace } from './realtime/consoleNamespace.ts';
import { createSocketServer } from './realtime/socketServer.ts';
import type { AppDeps } from './appDeps.ts';
import { LoadGauge } from './http/loadShedding.ts';
import { FieldService } from './field/fieldService.ts';
import { WebhookDispatcher } from './webhooks/webhookDispatcher.ts';
import { BroadcastPush } from './push/broadcastPush.ts';
import { SmsLadder } from './sms/smsLadder.ts';
import { smsGatewayOf } from './sms/smsGateway.ts';
import { RetentionJob } from './retention/retentionJob.ts';
import type { EventService } from './events/eventService.ts';
import { askGridToVerify } from './field/autoVerify.ts';
import { TaskBoard } from './field/taskBoard.ts';
import { createBroadcastService } from './broadcasts/createBroadcastService.ts';
import { attachWorkerNamespace } from './realtime/workerNamespace.ts';
import { DrainGate } from './http/drainGate.ts';
import { mountRoutes } from './http/routes.ts';
import { nodeLifecycle } from './lifecycle.ts';
import { watchNode } from './observability/nodeGauges.ts';

export interface App {
  http: HttpServer;
  /** The Express application: its routes, for the authorisation and API-description tests. */
  express: express.Express;
  /** Signed-in and still-signing-in socket connections of this process. */
  sockets: () => { signedIn: number; pending: number };
  io: SocketServer;
  /** Grid workers in the field on this node (duty, positions): for benchmarks that fill it directly. */
  field: FieldService;
  /** The nightly retention run (`run()` to run it now). */
  retention: RetentionJob;
  /** Active broadcasts within their confirmation window now (BroadcastService.unsettled). */
  unsettledBroadcasts: () => number;
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

/** Why the store is behind the event writes (a backlog, or the oldest waiting too long), or null. */
function storeBehind(events: EventService, shedStoreWaitMs: number): string | null {
  const backlog = events.writeBacklog;
  if (backlog > MAX_WRITE_BACKLOG) return `${backlog} event writes waiting for the store`;
  const waitMs = Math.round(events.oldestWriteWaitMs);
  return waitMs > shedStoreWaitMs ? `an event write waiting ${waitMs} ms for the store` : null;
}

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
  const { topology } = deps;
  const { io, door, wallNsp, consoleNsp, workerNsp } = createSocketServer(http as HttpServer, { deps, config, addressOfRequest });

  // How late the event loop runs: past capacity, intake is shed and the walls are told.
  const load = new LoadGauge(config.shedEventLoopLagMs, () => storeBehind(events, config.shedStoreWaitMs));
  load.start();
  const broadcasts = createBroadcastService({ deps, config, workerNsp });
  const locate = locateCommand(geo);
  events.onCreated((event) => deps.metrics.eventCreated(event.channel));
  watchNode(deps, { door, load, broadcasts, namespaces: { wallNsp, consoleNsp, workerNsp } });
  const { sensors, modes } = deps;
  // Positions and tracks run on real time: they come from phones' clocks.
  // Each node tells the others of its phones' duty and positions, so every wall sees every worker.
  const field = new FieldService({
    tracks: deps.stores.tracks,
    directory,
    geo,
    clock,
    onError: (error) => logger.error({ err: error }, 'writing patrol tracks or telling the other nodes of positions failed; trying again'),
    bus: topology.fieldBus,
  });
  // Workers' tasks by worker, from every change (ours and the other nodes'), and the grid asked to verify citizens' reports.
  const taskBoard = new TaskBoard(domainNow);
  taskBoard.load(events.recent(Number.MAX_SAFE_INTEGER, (e) => e.task !== undefined && e.task !== null));
  events.onChange((event) => taskBoard.changed(event));
  askGridToVerify({ events, field, board: taskBoard, directory, audit: trust.audit, channels: config.autoVerify, clock: domainNow, logger });
  const wallFeed = new WallFeed({
    nsp: wallNsp,
    sources: { events, sensors, modes, latestBroadcast: () => broadcasts.latestProgress(), load, workers: () => field.workersOnDuty() },
    geo: geoSummary,
    clock,
    cadenceMs: config.wallCadenceMs,
    onError: (error) => logger.error({ err: error }, 'wall tick failed; trying again at the next'),
    role: topology.wallFeedRole,
    domainNow,
  });
  topology.join({ events, modes, sensors, wallFeed }, logger);
  // What the walls were fed, recorded by the node that makes the feed, for putting the wall back to a moment.
  const replayRecorder = new ReplayRecorder({ store: deps.stores.replay, snapshot: () => wallFeed.snapshot(), clock, ...config.replay, logger });
  wallFeed.onMade((delta) => replayRecorder.made(delta));
  const replay = new WallReplay({
    store: deps.stores.replay,
    fromHistory: (atMs) =>
      historySnapshot(atMs, { changes: deps.stores.changeLog, geo: geoSummary, modeHistory: (limit) => modes.history(limit), sensorsUnheard: () => sensors.wallSnapshotUnheard() }),
    ...config.replay,
  });
  attachWallNamespace({ nsp: wallNsp, feed: wallFeed, replay, events, sensors, field, tasks: taskBoard, directory, geo, logger });
  const deskFeed = new OfficerDeskFeed({
    nsp: consoleNsp,
    events,
    sla: () => events.slaTargets,
    clock: domainNow,
    cadenceMs: config.wallCadenceMs,
    onError: (error) => logger.error({ err: error }, 'desk tick failed; trying again at the next'),
  });
  attachConsoleNamespace(consoleNsp, { desks: deskFeed, broadcasts, modes, locate, logger });
  attachWorkerNamespace({ nsp: workerNsp, directory, broadcasts, locate, field, tasks: taskBoard, logger });

  mountRoutes(app, { deps, config, drain, load, field, taskBoard, broadcasts, replay, startedAtMs, simulationClock });

  // The retention policy, enforced nightly by the node holding its lease.
  const retention = new RetentionJob({ store: deps.stores.retention, days: config.retentionDays, clock, leads: () => topology.leads('retention'), logger });
  // Webhooks, sent by the node holding their lease.
  const webhooks = new WebhookDispatcher({
    store: deps.stores.webhooks,
    allowedHosts: config.webhookAllowedHosts,
    clock,
    leads: () => topology.leads('webhooks'),
    logger,
    reaches: (area, scope) => {
      const inArea = new Set(deps.directory.targets(deps.directory.scopeOfUnit(area)));
      return deps.directory.targets(scope).some((worker) => inArea.has(worker));
    },
  });
  // Broadcasts to phones whose app is closed, by Web Push, from the node holding the reach duty.
  const push = new BroadcastPush({
    store: deps.stores.push,
    sender: deps.push,
    directory: deps.directory,
    followed: () => broadcasts.registry.all(),
    clock,
    afterMs: config.push.afterMs,
    leads: () => topology.leads('reach'),
    logger,
  });
  // Then by SMS, to those still unreached after their priority's wait.
  const sms = new SmsLadder({
    store: deps.stores.sms,
    gateway: smsGatewayOf(config.sms.gateway, logger),
    directory: deps.directory,
    followed: () => broadcasts.registry.all(),
    waits: config.sms.waits,
    ratePerS: config.sms.ratePerS,
    linkOrigin: config.sms.publicUrl?.replace(/\/$/, '') ?? '',
    clock,
    leads: () => topology.leads('reach'),
    logger,
  });
  const lifecycle = nodeLifecycle({
    deps,
    config,
    http,
    io,
    door,
    drain,
    load,
    broadcasts,
    field,
    retention,
    webhooks,
    push,
    sms,
    wallFeed,
    replayRecorder,
    deskFeed,
    namespaces: { wallNsp, consoleNsp, workerNsp },
  });

  return {
    http: http as HttpServer,
    express: app,
    io,
    field,
    retention,
    unsettledBroadcasts: () => broadcasts.unsettled(clock()),
    sockets: () => door.counts,
    start: lifecycle.start,
    close: lifecycle.close,
  };
}
