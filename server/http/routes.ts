import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { AppDeps } from '../appDeps.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import { CaseService } from '../cases/caseService.ts';
import type { Config } from '../config.ts';
import type { FieldService } from '../field/fieldService.ts';
import type { TaskBoard } from '../field/taskBoard.ts';
import { attachmentsRouter } from './attachmentsRouter.ts';
import { auditRouter } from './auditRouter.ts';
import { PROJECT_ROOT } from '../projectRoot.ts';
import { authRouter } from './authRouter.ts';
import { broadcastsRouter } from './broadcastsRouter.ts';
import { casesRouter } from './casesRouter.ts';
import { capRouter } from './capRouter.ts';
import { warningsRouter } from './warningsRouter.ts';
import { clientPages } from './clientPages.ts';
import { clockRouter } from './clockRouter.ts';
import { departmentDeskRouter } from './departmentDeskRouter.ts';
import type { DrainGate } from './drainGate.ts';
import { errorHandler } from './errors.ts';
import { eventsRouter } from './eventsRouter.ts';
import { geoRouter } from './geoRouter.ts';
import { cityRouter } from './cityRouter.ts';
import { healthRouter } from './healthRouter.ts';
import type { LoadGauge } from './loadShedding.ts';
import { mapRouter } from './mapRouter.ts';
import { metricsRoute } from './metricsRoute.ts';
import { modeRouter } from './modeRouter.ts';
import { API_OPERATIONS, openApiDocument } from './openApi.ts';
import { checkAnswers } from './answerCheck.ts';
import { open311Router } from './open311Router.ts';
import { securityHeaders } from './securityHeaders.ts';
import { sensorsRouter } from './sensorsRouter.ts';
import { statsRouter } from './statsRouter.ts';
import { refuseUnstorableText } from './storableInput.ts';
import { tasksRouter } from './tasksRouter.ts';
import { workersRouter } from './workersRouter.ts';
import { pushRouter } from './pushRouter.ts';
import { smsLinkRouter } from './smsLinkRouter.ts';
import { reachRouter } from './reachRouter.ts';
import { drillsRouter } from './drillsRouter.ts';
import { wallReplayRouter } from './wallReplayRouter.ts';
import { handoverRouter } from './handoverRouter.ts';
import type { WallReplay } from '../replay/wallReplay.ts';
import { webhooksRouter } from './webhooksRouter.ts';

/** The project's version, for the API description. */
const packageVersion = () => (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface RoutesOptions {
  deps: AppDeps;
  config: Config;
  drain: DrainGate;
  load: LoadGauge;
  field: FieldService;
  taskBoard: TaskBoard;
  broadcasts: BroadcastService;
  /** The wall at past moments (replay/). */
  replay: WallReplay;
  startedAtMs: number;
  /** Whether POST /api/clock is served (the simulated city, or SIMULATION_CLOCK). */
  simulationClock: boolean;
}

/**
 * Every HTTP route, in the order they must see a request: intake metering and shedding before a
 * body is read, the headers, the text door, the body parsers, the routers, the API's 404, the
 * pages, the error handler. Each router validates, authorises (role and area) and calls its service.
 */
export function mountRoutes(app: express.Express, { deps, config, drain, load, field, taskBoard, broadcasts, replay, startedAtMs, simulationClock }: RoutesOptions): void {
  const { geo, geoSummary, tiles, logger, clock, events, directory, trust, sensors, modes, topology } = deps;
  const domainNow = deps.domainClock.now;
  const auth = trust.authenticator;
  if (config.checkAnswers) app.use(checkAnswers(API_OPERATIONS, logger));
  // Intake is counted and timed (429s too), and shed past capacity before reading a body: a 429 costs almost nothing.
  for (const route of ['/api/events', '/api/sensors/readings', '/open311/v2/requests.json']) app.post(route, deps.metrics.intake(route), load.shed);
  app.get('/metrics', metricsRoute(deps.metrics, { token: config.metricsToken, public: config.metricsPublic }));
  app.use(securityHeaders({ mapOrigin: config.mapStyleUrl ? new URL(config.mapStyleUrl).origin : null, tls: config.tls !== null }));
  // Text no store can keep is refused at the door: in paths and queries here, in each body once parsed.
  app.use(refuseUnstorableText('address'));
  // Readings batches bring their own, larger body limit; mounted before the general parser.
  app.use('/api/sensors', sensorsRouter(sensors, auth));
  app.use(express.json({ limit: '1mb' }), refuseUnstorableText('body'));
  app.use('/api', healthRouter(startedAtMs, clock, deps.probeStore, drain, topology.status));
  const apiDocument = openApiDocument(packageVersion(), { simulationClock });
  app.get('/api/openapi.json', (_req, res) => void res.json(apiDocument));
  app.use('/api/geo', geoRouter(geo, geoSummary, directory.roster.grid, auth));
  app.use('/api/map', mapRouter(tiles, config.mapStyleUrl));
  app.use(
    '/api/city',
    cityRouter(deps.stores.cityVersions, () => deps.cityVersion, events.services, auth),
  );
  app.use('/api/auth', authRouter(trust.signIn, config.demo));
  app.use('/api', attachmentsRouter(events, deps.stores.attachments, auth, domainNow));
  app.use(
    '/api/desk',
    departmentDeskRouter(events, auth, () => events.slaTargets, domainNow),
  );
  app.use('/api/events', eventsRouter(events, auth, trust.audit, deps.stores.attachments, domainNow));
  app.use('/api/stats', statsRouter(events, auth, domainNow));
  app.use('/api/clock', clockRouter(deps.domainClock, auth, logger, simulationClock));
  app.use('/api/push', pushRouter(deps.stores.push, deps.push, directory, auth, clock));
  app.use('/api/workers', workersRouter(field, directory, auth, deps.repository, deps.stores.tracks));
  app.use('/api', tasksRouter(events, taskBoard, directory, auth, trust.audit, domainNow));
  const cases = new CaseService(deps.stores.cases, events, domainNow);
  app.use('/api/cases', casesRouter(cases, auth, trust.audit));
  app.use('/api/wall', wallReplayRouter(replay, auth, domainNow));
  app.use(
    '/api/handover',
    handoverRouter({ events, repository: deps.repository, changes: deps.stores.changeLog, cases, broadcasts, modes, sensors, field, unitName: (code) => directory.unitName(code) }, auth, domainNow),
  );
  app.use('/api/drills', drillsRouter(broadcasts, deps.broadcastRepository, directory, auth));
  app.use('/api/broadcasts', reachRouter(deps.stores.reach, broadcasts, directory, auth));
  app.use('/api/broadcasts', broadcastsRouter(broadcasts, directory, auth, trust.audit, { drafts: deps.stores.drafts, rules: config.broadcastApproval, clock }));
  app.use('/api/cap', capRouter(broadcasts, directory, auth, config.capFeedPublic, clock));
  app.use('/api/warnings', warningsRouter({ geo, directory, broadcasts, drafts: deps.stores.drafts, warnings: deps.stores.warnings, audit: trust.audit, clock }, auth));
  app.use('/open311/v2', open311Router(events, auth, config.open311PublicRead));
  app.use('/api/mode', modeRouter(modes, auth, trust.audit));
  app.use('/api/audit', auditRouter(trust.audit, auth));
  app.use(
    '/api/webhooks',
    webhooksRouter(deps.stores.webhooks, config.webhookAllowedHosts, (code) => directory.levelOf(code) !== null, auth, trust.audit, clock),
  );
  app.use('/api', (req, res) => void res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl}` }));
  // The SMS ladder's links: no sign-in, a one-time code each.
  app.use(smsLinkRouter(deps.stores.sms, broadcasts, directory, clock));
  app.use(clientPages(config.clientDir));
  app.use(errorHandler(logger));
}
