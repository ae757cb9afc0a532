import { DomainClock } from './time/domainClock.ts';
import { loadVapidKeys, PushSender } from './push/pushSender.ts';
import type { AppDeps, TrustDeps } from './appDeps.ts';
import { loadCityInUse } from './city/cityInUse.ts';
import type { CityParts } from './geo/cityParts.ts';
import { AccountService } from './accounts/accountService.ts';
import { demoPeople, WORKER_DEMO_PASSWORD } from './accounts/demoAccounts.ts';
import { AuditLog } from './audit/auditLog.ts';
import { AccountGate } from './auth/accountGate.ts';
import { Authenticator } from './auth/authenticator.ts';
import { RevokedSessions } from './auth/revokedSessions.ts';
import { loadAuthSecret } from './auth/secret.ts';
import { SignInService } from './auth/signInService.ts';
import { SignInThrottle } from './auth/signInThrottle.ts';
import { TokenIssuer } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { openStores, type Stores } from './store/stores.ts';
import { EventService } from './events/eventService.ts';
import { type Logger, redactedUrl } from './logger.ts';
import { NodeMetrics } from './observability/metrics.ts';
import { ModeService } from './modes/modeService.ts';
import { SensorService } from './sensors/sensorService.ts';
import { openTopology, type Topology } from './coordination/topology.ts';

/** Builds what createApp needs from the configuration: the city, its roster, tiles, store and services. */
export async function buildDeps(config: Config, logger: Logger, clock: () => number = Date.now): Promise<AppDeps> {
  const started = performance.now();
  const stores = await openStores(config);
  const city = await loadCityInUse(config, stores.cityVersions);
  const { geo, geoSummary, tiles, directory, sensorRegistry, services } = city;
  // Chosen once; with Redis the nodes' stream position is noted before the state is loaded from the store.
  const topology = await openTopology(config, clock, logger);
  const metrics = new NodeMetrics(config.nodeIndex);
  const sla = { signInTargetMs: config.signInTargetMs, signInTargetFactor: 1, handlingTimeScale: config.handlingTimeScale, services };
  // The city's affairs run on domain time (a simulator may drive it); trust, leases and receipts on real time.
  const domainClock = new DomainClock(clock);
  // Crash-only: if the store itself cannot write (the disk, the connection), stop rather than run on
  // with memory the disk lacks; no 2xx was sent for the failed writes, and a restart reloads what
  // was committed. A write refused for its own data fails its request only (WriteQueue).
  const events = await EventService.open({
    geo,
    repository: stores.events,
    clock: domainClock.now,
    sla,
    onStoreFailure: (error) => {
      logger.fatal({ err: error }, 'the event store cannot write (the store itself, not one request): exiting');
      process.exit(1);
    },
    storeTimer: metrics,
    services,
    autoDispatch: config.autoDispatch,
  });
  const modes = await ModeService.open(stores.modes, events, sla, clock);
  const sensors = new SensorService({ registry: sensorRegistry, geo, events, clock, waterEventLevel: () => modes.profile.waterEventLevel });
  const trust = await buildTrust(config, stores, logger, clock, city, topology.trustRedis);
  // Web Push's keys: made by the first node of a deployment to start, kept in the store for every node.
  const push = new PushSender(await loadVapidKeys(stores.push, clock()), config.push.vapidSubject, config.push.endpointHosts);
  logger.info(
    {
      ms: Math.round(performance.now() - started),
      cityVersion: city.version,
      districts: geoSummary.districts,
      grids: geoSummary.grids,
      workers: geoSummary.workers,
      sensors: sensors.registry.size,
      mode: modes.state.mode,
      store: stores.kind,
      database: stores.kind === 'sqlite' ? config.databaseFile : redactedUrl(config.databaseUrl!),
      redis: topology.described,
    },
    'city loaded',
  );
  return {
    cityVersion: city.version,
    geo,
    geoSummary,
    tiles,
    logger,
    clock,
    domainClock,
    stores,
    repository: stores.events,
    events,
    trust,
    sla,
    broadcastRepository: stores.broadcasts,
    directory,
    sensors,
    modes,
    metrics,
    probeStore: stores.probe,
    topology,
    push,
  };
}

async function buildTrust(config: Config, stores: Stores, logger: Logger, clock: () => number, city: CityParts, redis: Topology['trustRedis']): Promise<TrustDeps> {
  const repository = stores.accounts;
  const accounts = new AccountService(repository, clock);
  if (config.demo) {
    const started = performance.now();
    // An imported city's roster is real people: they sign in by enrolment code, never a demo password.
    const { roster } = city;
    const workers = city.version === 0 ? Array.from({ length: roster.size }, (_, i) => roster.id(i)) : [];
    const seeded = await accounts.seedDemo(demoPeople(city.services), workers, WORKER_DEMO_PASSWORD);
    if (seeded) logger.info({ accounts: seeded, ms: Math.round(performance.now() - started) }, 'demo accounts seeded (DEMO=1)');
  }
  const gate = new AccountGate(repository, config.demo, clock, logger);
  const tokens = new TokenIssuer(loadAuthSecret(config.authSecret, config.dataDir), config.accessTokenLifetimeMs);
  const audit = new AuditLog(stores.audit, clock);
  const throttle = new SignInThrottle({ failuresPerAccount: config.loginFailuresPerAccount, failuresPerAddress: config.loginFailuresPerAddress }, redis);
  // Signed-out sessions, kept as long as their access tokens may live (and a minute for clocks and a refresh in flight).
  const revoked = new RevokedSessions(config.accessTokenLifetimeMs + 60_000, clock, redis, (error) =>
    logger.warn({ err: error }, 'Redis did not take or answer a signed-out session; answering from this node'),
  );
  return {
    accounts,
    gate,
    authenticator: new Authenticator(tokens, gate, accounts, revoked),
    signIn: new SignInService({ accounts, repository, tokens, gate, throttle, audit, clock, revoked }),
    audit,
    revoked,
  };
}
