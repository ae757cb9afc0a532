import pg from 'pg';
import { migratePostgres, POSTGRES_MIGRATIONS, postgresSchemaLevel } from './postgresMigrations.ts';
import { type Migration, schemaRefusal } from './schemaRange.ts';
import type { StoreProbe } from './storeStatus.ts';

// BIGINT (int8) columns hold epoch milliseconds and sequence numbers, all below 2^53: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Connections one node keeps to PostgreSQL. */
const POOL_SIZE = 10;

/**
 * Opens a pool on `url` (postgres://…) and brings the schema up to date with `migrations` (this
 * code's; a test passes another release's).
 */
export async function openPostgres(url: string, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not end the process: the pool replaces it.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool, migrations);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/**
 * Readiness: a round trip, and the store's schema within what this code serves — not older than
 * its newest migration, and admitting code of its level (a newer release's expansions do).
 */
export function postgresProbe(pool: pg.Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): StoreProbe {
  return async () => {
    const started = performance.now();
    try {
      const level = await postgresSchemaLevel(pool);
      const latencyMs = +(performance.now() - started).toFixed(2);
      const refusal = schemaRefusal(level, migrations.length);
      return {
        ok: refusal === null,
        kind: 'postgres',
        latencyMs,
        schemaVersion: level.version,
        expectedSchemaVersion: migrations.length,
        ...(refusal === null ? {} : { error: refusal }),
      };
    } catch (error) {
      return {
        ok: false,
        kind: 'postgres',
        latencyMs: +(performance.now() - started).toFixed(2),
        schemaVersion: null,
        expectedSchemaVersion: migrations.length,
        error: (error as Error).message,
      };
    }
  };
}

/** A unique or foreign-key violation: the request's own fault (SQLSTATE class 23). */
export const isPostgresConstraint = (error: unknown) => String((error as { code?: unknown }).code).startsWith('23');
