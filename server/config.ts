import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  /** Secret that signs login tokens (≥ 32 characters); unset: generated once and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** 签收 target after dispatch, ms (5 minutes). */
  SIGN_IN_TARGET_MS: z.coerce.number().int().positive().default(300_000),
  /** Multiplies every category's handling target; 1 in real life, smaller for demonstrations. */
  HANDLING_TIME_SCALE: z.coerce.number().positive().max(10).default(1),
  /** How often SLA clocks are checked, ms. */
  SLA_SWEEP_MS: z.coerce.number().int().min(10).default(1000),
  /** How often walls get a delta, ms (4 a second). */
  WALL_CADENCE_MS: z.coerce.number().int().min(50).default(250),
  /**
   * Several server nodes on one machine (`npm run start:cluster`): this node's index and the
   * node count. Node 0 is the full server on PORT; node i > 0 holds workers' sockets on PORT + i.
   */
  NODE_INDEX: z.coerce.number().int().min(0).default(0),
  CLUSTER_NODES: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * Most Socket.IO connections this process holds; a handshake beyond it is refused, so that the
   * process keeps file descriptors for its API, consoles and store. Unset: the open-file limit
   * less FD_RESERVE.
   */
  MAX_SOCKETS: z.coerce.number().int().positive().optional(),
  /** How often unacknowledged broadcasts are sent again to connected workers, ms. */
  BROADCAST_RESEND_MS: z.coerce.number().int().min(100).default(5000),
  /** `npm start` also runs the simulated city (a separate process using the public API); 0 turns it off. */
  SIMULATE: z.enum(['0', '1', 'false', 'true']).default('1'),
  /** How much faster than real time the simulated city runs under `npm start`. */
  SIMULATION_SPEED: z.coerce.number().positive().max(10_000).default(20),
});

export type Config = Readonly<{
  host: string;
  port: number;
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  mapStyleUrl: string | undefined;
  geoDir: string;
  clientDir: string;
  citySeed: number;
  /** SQLite file; ':memory:' for a store that lives only as long as the process. */
  databaseFile: string;
  dataDir: string;
  authSecret: string | undefined;
  signInTargetMs: number;
  handlingTimeScale: number;
  slaSweepMs: number;
  wallCadenceMs: number;
  simulate: boolean;
  simulationSpeed: number;
  broadcastResendMs: number;
  nodeIndex: number;
  clusterNodes: number;
  /** Most Socket.IO connections this process admits; null: no cap (the open-file limit is unknown). */
  maxSockets: number | null;
}>;

/**
 * File descriptors kept free of phones' connections: HTTP requests, consoles, walls, the SQLite
 * files and the cluster's IPC. A process out of descriptors cannot even accept a login.
 */
const FD_RESERVE = 1000;

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
  return Object.freeze({
    host: e.HOST,
    // Node i of a cluster listens on PORT + i (port 0, "any free port", stays 0).
    port: e.PORT === 0 ? 0 : e.PORT + e.NODE_INDEX,
    logLevel: e.LOG_LEVEL,
    mapStyleUrl: e.MAP_STYLE_URL,
    geoDir: e.GEO_DIR,
    clientDir: e.CLIENT_DIR,
    citySeed: e.CITY_SEED,
    dataDir: e.DATA_DIR,
    databaseFile: path.join(e.DATA_DIR, 'city-brain.sqlite'),
    authSecret: e.AUTH_SECRET,
    signInTargetMs: e.SIGN_IN_TARGET_MS,
    handlingTimeScale: e.HANDLING_TIME_SCALE,
    slaSweepMs: e.SLA_SWEEP_MS,
    wallCadenceMs: e.WALL_CADENCE_MS,
    simulate: e.SIMULATE === '1' || e.SIMULATE === 'true',
    simulationSpeed: e.SIMULATION_SPEED,
    broadcastResendMs: e.BROADCAST_RESEND_MS,
    nodeIndex: e.NODE_INDEX,
    clusterNodes: e.CLUSTER_NODES,
    maxSockets: e.MAX_SOCKETS ?? defaultMaxSockets(),
  });
}

function defaultMaxSockets(): number | null {
  const limit = openFileLimit();
  return limit === null ? null : Math.max(1, limit - FD_RESERVE);
}

/** A configuration for tests and tools: defaults, an in-memory store, a fixed secret, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...readConfig({}), port: 0, logLevel: 'silent', databaseFile: ':memory:', authSecret: 'test-secret-that-is-long-enough-for-hs256', ...overrides });
}
