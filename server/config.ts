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
});

export type Config = Readonly<{
  host: string;
  port: number;
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  mapStyleUrl: string | undefined;
  geoDir: string;
  clientDir: string;
  citySeed: number;
}>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    mapStyleUrl: e.MAP_STYLE_URL,
    geoDir: e.GEO_DIR,
    clientDir: e.CLIENT_DIR,
    citySeed: e.CITY_SEED,
  });
}

/** A configuration for tests and tools: defaults, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...readConfig({}), port: 0, logLevel: 'silent', ...overrides });
}
