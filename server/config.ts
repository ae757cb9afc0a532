import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './projectRoot.ts';
import { z } from 'zod';
import { EVENT_CHANNELS, type EventChannel } from '../common/domain/events.ts';
import { type AutoDispatchSetting, readAutoDispatch } from './events/routing.ts';
import { readAllowedHosts } from './net/outboundTargets.ts';
import { readLadderWaits } from './sms/ladderWaits.ts';
import type { ApprovalRule } from '../common/domain/broadcasts.ts';
import { POSTGRES_MIGRATIONS } from './store/postgresMigrations.ts';
import type { Migration } from './store/schemaRange.ts';

const ROOT = PROJECT_ROOT;

/** Everything the server reads from the environment, validated once and frozen. */
const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A MapLibre style of a real tile server to draw under the city's own layers; unset = offline style. */
  MAP_STYLE_URL: z.url().optional(),
  GEO_DIR: z.string().default(path.join(ROOT, 'data/geo')),
  CLIENT_DIR: z.string().default(path.join(ROOT, 'dist/client')),
  /** Seed of the generated parts of the city (roster); the committed geodata carries its own. */
  CITY_SEED: z.coerce.number().int().default(20250720),
  /** Where the SQLite database and the token-signing secret live. */
  DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  /** `production` turns demo mode off by default and requires AUTH_SECRET. */
  NODE_ENV: z.string().optional(),
  /** Secret that signs access tokens (≥ 32 characters); unset outside production: generated once and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Seeds and admits the README's demo accounts; default on, off with NODE_ENV=production. */
  DEMO: z.enum(['0', '1', 'false', 'true']).optional(),
  /** How long an access token works, ms (15 minutes); pages refresh it with their refresh token. */
  ACCESS_TOKEN_LIFETIME_MS: z.coerce.number().int().min(10_000).max(86_400_000).default(900_000),
  /** How often the accounts are re-read for changes (a disabled account is shut out within this), ms. */
  ACCOUNT_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Wrong passwords one account may get (per 15 minutes) before sign-ins are answered 429. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed sign-ins one address may make per 15 minutes: generous, for phones behind a carrier NAT. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  /** A socket connection that has not signed in to a namespace within this is closed (one on `/` alone too), ms. */
  SOCKET_SIGNIN_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /** Socket connections still signing in that one process holds at most. */
  MAX_PENDING_SOCKETS: z.coerce.number().int().min(1).default(2000),
  /** Socket connections one address may open per minute that end without signing in. */
  UNSIGNED_SOCKETS_PER_ADDRESS_PER_MIN: z.coerce.number().int().min(1).default(600),
  /**
   * Which proxies' X-Forwarded-For to believe, as Express's 'trust proxy': unset = none (the
   * socket's own address); `loopback`, `10.0.0.0/8,loopback`, a hop count, or `true`.
   */
  TRUST_PROXY: z.string().optional(),
  /** PostgreSQL for every store (postgres://user@host:5432/db); unset: the embedded SQLite file in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /**
   * Redis for the live state every node shares (broadcast counters, presence, the inter-node
   * feed, leases) and the Socket.IO adapter: with it, every node is a whole server (redis://…).
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every key, stream and channel this deployment uses in Redis, so several can share one. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only, at most 64')
    .default('citybrain:'),
  /** When set, `GET /metrics` asks for `Authorization: Bearer <METRICS_TOKEN>`; unset, see METRICS_PUBLIC. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters').optional(),
  /** Without METRICS_TOKEN: 1 leaves `GET /metrics` open (keep the port private), 0 closes it (403). Default: 1, or 0 with NODE_ENV=production. */
  METRICS_PUBLIC: z.enum(['0', '1', 'false', 'true']).optional(),
  /** SIGTERM: how long in-flight requests may take to finish before the node closes anyway, ms. */
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** PEM certificate and key files: the server speaks HTTPS itself. */
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
  /** Open311 GET without an API key; such reads never carry a reporter's contact details. */
  OPEN311_PUBLIC_READ: z.enum(['0', '1', 'false', 'true']).default('0'),
  /** The broadcasts' CAP feed (`GET /api/cap/feed.atom`) readable without a key: 1 where the public may follow the city's alerts. */
  CAP_FEED_PUBLIC: z.enum(['0', '1', 'false', 'true']).default('0'),
  /** Broadcasts an officer may not send alone: `none`, or a comma list of `city` (city-wide) and `flash` (that priority). */
  BROADCAST_APPROVAL: z
    .string()
    .regex(/^(none|(city|flash)(,(city|flash))*)$/, 'none, or a comma list of city and flash')
    .default('city,flash'),
  /** 签收 target after dispatch, ms (5 minutes). */
  SIGN_IN_TARGET_MS: z.coerce.number().int().positive().default(300_000),
  /** Multiplies every category's handling target; 1 in real life, smaller for demonstrations. */
  HANDLING_TIME_SCALE: z.coerce.number().positive().max(10).default(1),
  /**
   * Categories the server dispatches at intake (一键直派); the rest wait on the officer's desk:
   * `direct` (default: the categories whose dispatch is direct), `all`, `none`, or codes
   * separated by commas (waterMainBurst,roadWaterlogging).
   */
  AUTO_DISPATCH_CATEGORIES: z.string().max(2000).optional(),
  /**
   * Channels whose reports the grid's on-duty worker is asked to verify on site (核查) at intake,
   * separated by commas; `none` for none. Default: the citizens' own, hotline12345,photoReport.
   */
  AUTO_VERIFY_CHANNELS: z.string().max(500).default('hotline12345,photoReport'),
  /** How often SLA clocks are checked, ms. */
  SLA_SWEEP_MS: z.coerce.number().int().min(10).default(1000),
  /** How often walls get a delta, ms (4 a second). */
  WALL_CADENCE_MS: z.coerce.number().int().min(50).default(250),
  /**
   * Several equal nodes on one machine (`npm run start:cluster`): this node's index; node i
   * listens on PORT + i and labels its metrics with it.
   */
  NODE_INDEX: z.coerce.number().int().min(0).default(0),
  /**
   * Most Socket.IO connections this process holds; a handshake beyond it is refused, so that the
   * process keeps file descriptors for its API, consoles and store. Unset: the open-file limit
   * less FD_RESERVE.
   */
  MAX_SOCKETS: z.coerce.number().int().positive().optional(),
  /**
   * Receipts gathered this long are committed together, ms; a phone's receipt is acknowledged
   * once committed. A cluster's nodes share SQLite's one write lock, so not much shorter.
   */
  RECEIPT_COMMIT_MS: z.coerce.number().int().min(1).max(5000).default(100),
  /** Intake answers 429 while the event loop runs this late or later, ms: past capacity it sheds instead of queueing. */
  SHED_EVENT_LOOP_LAG_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  /**
   * Intake answers 429 while an event write has waited this long for the store, ms: a slow
   * PostgreSQL (or a lock held on it) answers every caller late while the event loop idles.
   */
  SHED_STORE_WAIT_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  /** How long grid workers' patrol tracks are kept, days; the nightly retention run deletes older ones. */
  TRACK_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** How long each worker's patrol per day (what assessments read) is kept, days: a year's comparisons and more. */
  PATROL_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  /** How long events' photos are kept, days. */
  PHOTO_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(1095),
  /** How long a reporter's name and phone stay on events closed since, days (by when the report came in). */
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** How long the audit log's records are kept, days. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(1095),
  /**
   * How long the change feed (`GET /api/events/changes`, webhooks) keeps each change, days: a
   * system offline longer resumes from the oldest kept (410 names it). At most REPORT_RETENTION_DAYS:
   * each change holds the event as it was, reporter included.
   */
  CHANGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  /** How long the wall's replay record (keyframes and deltas) is kept, days: the period an officer can put the wall back to. */
  REPLAY_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /**
   * A whole wall snapshot (keyframe) is recorded this often, real ms; deltas between. Opening a
   * moment reads one keyframe and at most this long's deltas, however far back it is.
   */
  REPLAY_KEYFRAME_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /** The walls' deltas are written for replay at least this often, ms: a change is replayable this long after it reached the walls. */
  REPLAY_FLUSH_MS: z.coerce.number().int().min(50).max(5000).default(500),
  /**
   * The hosts webhooks may be sent to: a comma-separated list of host names or IP literals (any
   * port). Unset: none, and subscriptions are refused. A listed loopback host may use http.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().max(4000).optional(),
  /**
   * The push services phones' subscriptions may name, as WEBHOOK_ALLOWED_HOSTS (a `.suffix` takes
   * every host under it). Default: the browsers' own — Chrome's (FCM), Firefox's, Safari's and
   * Edge's. A listed loopback host may use http (tests).
   */
  PUSH_ENDPOINT_HOSTS: z.string().max(4000).default('fcm.googleapis.com,updates.push.services.mozilla.com,web.push.apple.com,.push.apple.com,.notify.windows.com'),
  /** Who push services may contact about this deployment's messages (VAPID `sub`): a mailto: or https: URL of its operators. */
  VAPID_SUBJECT: z
    .string()
    .max(200)
    .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: URL')
    .default('mailto:operations@city-brain.invalid'),
  /**
   * A broadcast goes by Web Push to the targets with a subscription and no receipt this long after
   * sending, ms: the socket's phones have answered by then, so they are not woken twice.
   */
  BROADCAST_PUSH_AFTER_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /**
   * The SMS ladder: a target still without a receipt (by app, push or SMS link) this long after
   * sending gets an SMS, per priority, e.g. `flash:20000,urgent:60000,normal:600000` (any subset).
   */
  BROADCAST_LADDER_MS: z.string().max(200).optional(),
  /**
   * The SMS gateway: each message is posted as JSON `{ to, text }` to this URL with
   * `Authorization: Bearer <SMS_GATEWAY_KEY>`; any 2xx counts as sent. Unset: SMS are only logged
   * (the demo), never sent.
   */
  SMS_GATEWAY_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
  SMS_GATEWAY_KEY: z.string().max(500).optional(),
  /** Messages a second the gateway takes (its contract's rate). */
  SMS_RATE_PER_S: z.coerce.number().min(0.1).max(10_000).default(10),
  /** Where the SMS's confirmation link points: this server's public origin as phones reach it (e.g. https://citybrain.zz.gov.cn). Unset: the link is a path only. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(200)
    .optional(),
  /** Broadcasts are followed live (receipts counted, resends, progress) this long after sending, hours; older ones stay in the store only. */
  BROADCAST_TRACKING_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** How often unacknowledged broadcasts are sent again to connected workers, ms. */
  BROADCAST_RESEND_MS: z.coerce.number().int().min(100).default(5000),
  /** `npm start` also runs the simulated city (a separate process using the public API); default: as DEMO. */
  SIMULATE: z.enum(['0', '1', 'false', 'true']).optional(),
  /** How much faster than real time the simulated city runs under `npm start`. */
  SIMULATION_SPEED: z.coerce.number().positive().max(10_000).default(20),
  /** How many grid workers' phones the simulated city under `npm start` plays (fewer on a small machine: each signs in with a password). */
  SIMULATED_WORKERS: z.coerce.number().int().min(0).max(100_000).default(2000),
  /**
   * `POST /api/clock` (a simulator moving the city's time) without SIMULATE, e.g. for `npm run
   * simulate` against a server started on its own; off by default, production included (404).
   */
  SIMULATION_CLOCK: z.enum(['0', '1', 'false', 'true']).optional(),
});

/** Every environment variable the server reads (`.env.example` documents each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ConfigSchema.shape);

/** A variable's default as its text in the environment, or null for none (unset) or one that depends on where the install is. */
export function variableDefault(name: string): string | null {
  const field = ConfigSchema.shape[name as keyof typeof ConfigSchema.shape];
  const value = field?.safeParse(undefined);
  if (!value?.success || value.data === undefined || (typeof value.data === 'string' && path.isAbsolute(value.data))) return null;
  return String(value.data);
}

/**
 * File descriptors kept free of phones' connections: HTTP requests, consoles, walls, the SQLite
 * files and the cluster's IPC. A process out of descriptors cannot even accept a login.
 */
const FD_RESERVE = 1000;

const flag = (value: string | undefined) => value === '1' || value === 'true';

function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The soft limit on open files (Linux's /proc), or null where it cannot be read. */
export function openFileLimit(limits = '/proc/self/limits'): number | null {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync(limits, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.AUTH_SECRET) throw new Error('invalid configuration: AUTH_SECRET is required when NODE_ENV=production (at least 32 random characters, the same on every node)');
  if (Boolean(e.TLS_CERT) !== Boolean(e.TLS_KEY)) throw new Error('invalid configuration: TLS_CERT and TLS_KEY go together');
  if (e.CHANGE_RETENTION_DAYS > e.REPORT_RETENTION_DAYS)
    throw new Error(
      `invalid configuration: CHANGE_RETENTION_DAYS (${e.CHANGE_RETENTION_DAYS}) above REPORT_RETENTION_DAYS (${e.REPORT_RETENTION_DAYS}) would keep reporters' details in the change feed after they are scrubbed from the events`,
    );
  return Object.freeze(settingsFrom(e, production));
}

/**
 * The settings as the server uses them, from the checked environment: the one place the
 * configuration's shape is written (Config is this function's result).
 */
function settingsFrom(e: z.output<typeof ConfigSchema>, production: boolean) {
  const demo = e.DEMO === undefined ? !production : flag(e.DEMO);
  return {
    host: e.HOST,
    // Node i of a cluster on one machine listens on PORT + i (port 0, "any free port", stays 0).
    port: e.PORT === 0 ? 0 : e.PORT + e.NODE_INDEX,
    logLevel: e.LOG_LEVEL,
    mapStyleUrl: e.MAP_STYLE_URL,
    geoDir: e.GEO_DIR,
    clientDir: e.CLIENT_DIR,
    citySeed: e.CITY_SEED,
    dataDir: e.DATA_DIR,
    /** SQLite file; ':memory:' for a store that lives only as long as the process. */
    databaseFile: path.join(e.DATA_DIR, 'city-brain.sqlite'),
    /** PostgreSQL instead of the SQLite file; null: SQLite. */
    databaseUrl: e.DATABASE_URL ?? null,
    /** The PostgreSQL schema this code knows; never from the environment: only a test poses as another release. */
    postgresMigrations: POSTGRES_MIGRATIONS as readonly Migration[],
    /** Redis shared by equal nodes, and this deployment's key prefix; null: one process (coordination/topology.ts). */
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    authSecret: e.AUTH_SECRET,
    metricsToken: e.METRICS_TOKEN ?? null,
    /** Without a metrics token: `GET /metrics` open (true) or refused with 403 (false: production's default). */
    metricsPublic: e.METRICS_PUBLIC === undefined ? !production : flag(e.METRICS_PUBLIC),
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    production,
    demo,
    accessTokenLifetimeMs: e.ACCESS_TOKEN_LIFETIME_MS,
    accountPollMs: e.ACCOUNT_POLL_MS,
    loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    socketSignInTimeoutMs: e.SOCKET_SIGNIN_TIMEOUT_MS,
    maxPendingSockets: e.MAX_PENDING_SOCKETS,
    unsignedSocketsPerAddressPerMin: e.UNSIGNED_SOCKETS_PER_ADDRESS_PER_MIN,
    /** Express's 'trust proxy' value: false, true, a hop count or a list of addresses and subnets. */
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    tls: e.TLS_CERT && e.TLS_KEY ? { certFile: e.TLS_CERT, keyFile: e.TLS_KEY } : null,
    open311PublicRead: flag(e.OPEN311_PUBLIC_READ),
    capFeedPublic: flag(e.CAP_FEED_PUBLIC),
    /** Which broadcasts wait for a second officer's approval (broadcasts/approvals). */
    broadcastApproval: new Set(e.BROADCAST_APPROVAL === 'none' ? [] : e.BROADCAST_APPROVAL.split(',')) as ReadonlySet<ApprovalRule>,
    signInTargetMs: e.SIGN_IN_TARGET_MS,
    handlingTimeScale: e.HANDLING_TIME_SCALE,
    /** The categories dispatched at intake; every other report goes to the officer's desk. */
    autoDispatch: autoDispatchOf(e.AUTO_DISPATCH_CATEGORIES),
    autoVerify: autoVerifyOf(e.AUTO_VERIFY_CHANNELS),
    slaSweepMs: e.SLA_SWEEP_MS,
    wallCadenceMs: e.WALL_CADENCE_MS,
    simulate: e.SIMULATE === undefined ? demo : flag(e.SIMULATE),
    simulationSpeed: e.SIMULATION_SPEED,
    simulatedWorkers: e.SIMULATED_WORKERS,
    /** SIMULATION_CLOCK: `POST /api/clock` is served when this or `simulate` is on, else it answers 404. */
    simulationClock: flag(e.SIMULATION_CLOCK),
    broadcastResendMs: e.BROADCAST_RESEND_MS,
    receiptCommitMs: e.RECEIPT_COMMIT_MS,
    broadcastTrackingMs: e.BROADCAST_TRACKING_HOURS * 3_600_000,
    shedEventLoopLagMs: e.SHED_EVENT_LOOP_LAG_MS,
    shedStoreWaitMs: e.SHED_STORE_WAIT_MS,
    /** The retention policy, days per kind of record (retention/retentionJob.ts). */
    retentionDays: {
      tracks: e.TRACK_RETENTION_DAYS,
      patrol: e.PATROL_RETENTION_DAYS,
      photos: e.PHOTO_RETENTION_DAYS,
      audit: e.AUDIT_RETENTION_DAYS,
      reports: e.REPORT_RETENTION_DAYS,
      changes: e.CHANGE_RETENTION_DAYS,
      // Webhook deliveries made or failed go with the change feed they came from.
      deliveries: e.CHANGE_RETENTION_DAYS,
      // What was tried by push and SMS, and to which number, is kept as the audit log is.
      reach: e.AUDIT_RETENTION_DAYS,
      replay: e.REPLAY_RETENTION_DAYS,
    },
    /** The wall's replay record (replay/): how often a keyframe, how often the deltas are written. */
    replay: { keyframeEveryMs: e.REPLAY_KEYFRAME_MS, flushEveryMs: e.REPLAY_FLUSH_MS },
    /** Where webhooks may be sent (net/outboundTargets.ts). */
    webhookAllowedHosts: readAllowedHosts(e.WEBHOOK_ALLOWED_HOSTS),
    /** Web Push (push/): where subscriptions may point, who the operators are, when a broadcast goes by push. */
    push: { endpointHosts: readAllowedHosts(e.PUSH_ENDPOINT_HOSTS), vapidSubject: e.VAPID_SUBJECT, afterMs: e.BROADCAST_PUSH_AFTER_MS },
    /** The SMS ladder (sms/): waits per priority, the gateway (null: log only), its rate, the link's origin. */
    sms: {
      waits: readLadderWaits(e.BROADCAST_LADDER_MS),
      gateway: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, key: e.SMS_GATEWAY_KEY ?? null } : null,
      ratePerS: e.SMS_RATE_PER_S,
      publicUrl: e.PUBLIC_URL ?? null,
    },
    nodeIndex: e.NODE_INDEX,
    /** Each JSON answer checked against the API description (http/answerCheck.ts): the tests' setting, never the environment's. */
    checkAnswers: false,
    /** Most Socket.IO connections this process admits; null: no cap (the open-file limit is unknown). */
    maxSockets: e.MAX_SOCKETS ?? defaultMaxSockets(e.MAX_PENDING_SOCKETS),
  };
}

export type Config = Readonly<ReturnType<typeof settingsFrom>>;

function autoDispatchOf(setting: string | undefined): AutoDispatchSetting {
  try {
    return readAutoDispatch(setting);
  } catch (error) {
    throw new Error(`invalid configuration: AUTO_DISPATCH_CATEGORIES: ${(error as Error).message}`);
  }
}

function autoVerifyOf(setting: string): ReadonlySet<EventChannel> {
  if (setting.trim() === 'none') return new Set();
  const channels = setting
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = channels.filter((c) => !(EVENT_CHANNELS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`invalid configuration: AUTO_VERIFY_CHANNELS: no channel ${unknown.join(', ')} (one of ${EVENT_CHANNELS.join(', ')}, or none)`);
  return new Set(channels as EventChannel[]);
}

/** For entry points: the configuration, or one clear line on stderr (naming the variable) and exit code 1. */
export function readConfigOrExit(): Config {
  try {
    return readConfig();
  } catch (error) {
    process.stderr.write(`city-brain: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** The open-file limit less the reserve and the connections still signing in. */
function defaultMaxSockets(maxPending: number): number | null {
  const limit = openFileLimit();
  return limit === null ? null : Math.max(1, limit - FD_RESERVE - maxPending);
}

/** A configuration for tests and tools: defaults, an in-memory store, a fixed secret, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Shedding on a late event loop or a slow store stays off unless a test asks for it: a test shares
  // its loop (and CI its two cores) with the server, and would otherwise see 429s that have nothing
  // to do with it.
  return Object.freeze({
    ...readConfig({}),
    port: 0,
    logLevel: 'silent',
    databaseFile: ':memory:',
    authSecret: 'test-secret-that-is-long-enough-for-hs256',
    simulate: false,
    shedEventLoopLagMs: 60_000,
    // Broadcasts go at once unless a test asks for the second pair of eyes (tests/integration/broadcast-approval.test.ts).
    broadcastApproval: new Set<ApprovalRule>(),
    shedStoreWaitMs: 600_000,
    checkAnswers: true,
    ...overrides,
  });
}
