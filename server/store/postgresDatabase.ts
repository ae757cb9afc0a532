import pg from 'pg';
import { migratePostgres, POSTGRES_SCHEMA_VERSION, postgresSchemaVersion } from './postgresMigrations.ts';
import type { StoreProbe } from './storeStatus.ts';

// BIGINT (int8) columns hold epoch milliseconds and sequence numbers, all below 2^53: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Connections one node keeps to PostgreSQL. */
const POOL_SIZE = 10;

/** Opens a pool on `url` (postgres://…) and brings the schema up to date. */
export async function openPostgres(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not end the process: the pool replaces it.
  pool.on('error', () => {});
  await migratePostgres(pool);
  return pool;
}

/** Readiness: a round trip and the schema version against this code's migrations. */
export function postgresProbe(pool: pg.Pool): StoreProbe {
  return async () => {
    const started = performance.now();
    try {
      const version = await postgresSchemaVersion(pool);
      const latencyMs = +(performance.now() - started).toFixed(2);
      const ok = version === POSTGRES_SCHEMA_VERSION;
      return {
        ok,
        kind: 'postgres',
        latencyMs,
        schemaVersion: version,
        expectedSchemaVersion: POSTGRES_SCHEMA_VERSION,
        ...(ok ? {} : { error: `schema version ${version}, this code needs ${POSTGRES_SCHEMA_VERSION}` }),
      };
    } catch (error) {
      return {
        ok: false,
        kind: 'postgres',
        latencyMs: +(performance.now() - started).toFixed(2),
        schemaVersion: null,
        expectedSchemaVersion: POSTGRES_SCHEMA_VERSION,
        error: (error as Error).message,
      };
    }
  };
}

/** A unique or foreign-key violation: the request's own fault (SQLSTATE class 23). */
export const isPostgresConstraint = (error: unknown) => String((error as { code?: unknown }).code).startsWith('23');
