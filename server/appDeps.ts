import type { GeoSummary } from '../common/domain/geo.ts';
import type { CityGeography } from '../common/geo/cityModel.ts';
import type { AccountService } from './accounts/accountService.ts';
import type { AuditLog } from './audit/auditLog.ts';
import type { AccountGate } from './auth/accountGate.ts';
import type { Authenticator } from './auth/authenticator.ts';
import type { RevokedSessions } from './auth/revokedSessions.ts';
import type { SignInService } from './auth/signInService.ts';
import type { BroadcastRepository } from './store/broadcastRepository.ts';
import type { WorkerDirectory } from './broadcasts/workerDirectory.ts';
import type { PushSender } from './push/pushSender.ts';
import type { Topology } from './coordination/topology.ts';
import type { DomainClock } from './time/domainClock.ts';
import type { SlaTargets } from './events/sla.ts';
import type { EventService } from './events/eventService.ts';
import type { CityTiles } from './geo/tiles.ts';
import type { Logger } from './logger.ts';
import type { ModeService } from './modes/modeService.ts';
import type { NodeMetrics } from './observability/metrics.ts';
import type { SensorService } from './sensors/sensorService.ts';
import type { EventRepository } from './store/eventRepository.ts';
import type { StoreProbe } from './store/storeStatus.ts';
import type { Stores } from './store/stores.ts';

/** What createApp (app.ts) is given, built by buildDeps (deps.ts) or by a benchmark: the city, the store and the services. */
export interface AppDeps {
  /** The imported city version this node serves; 0 for the generated city. */
  cityVersion: number;
  geo: CityGeography;
  geoSummary: GeoSummary;
  tiles: CityTiles;
  logger: Logger;
  clock: () => number;
  /** The time of the city's affairs (events, SLA clocks, today's figures): real, or the simulator's. */
  domainClock: DomainClock;
  repository: EventRepository;
  events: EventService;
  trust: TrustDeps;
  sla: SlaTargets;
  broadcastRepository: BroadcastRepository;
  directory: WorkerDirectory;
  sensors: SensorService;
  modes: ModeService;
  /** Every store, on one database (SQLite or PostgreSQL); `repository` and `broadcastRepository` are two of them. */
  stores: Stores;
  metrics: NodeMetrics;
  /** Readiness: does the store answer, with the schema this code expects? */
  probeStore: StoreProbe;
  /** One process, or equal nodes on Redis: what differs between them, chosen once (coordination/topology.ts). */
  topology: Topology;
  /** Web Push with the deployment's VAPID keys, to the push services PUSH_ENDPOINT_HOSTS names. */
  push: PushSender;
}

/** Accounts, tokens, the sign-in throttle and the audit log: who may do what, and the record of it. */
export interface TrustDeps {
  accounts: AccountService;
  gate: AccountGate;
  authenticator: Authenticator;
  signIn: SignInService;
  audit: AuditLog;
  /** Signed-out sessions, refused until their access tokens have expired. */
  revoked: RevokedSessions;
}
