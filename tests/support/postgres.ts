import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: TEST_DATABASE_URL, or this machine's at 127.0.0.1 (trust auth). */
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file (created here, dropped by `drop`). When no PostgreSQL
 * answers: under CI=true that is a failure; elsewhere the test says so loudly and is skipped
 * (null).
 */
export async function createTestDatabase(): Promise<TestDatabase | null> {
  const admin = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${SERVER_URL.replace(/\/\/[^@]*@/, '//…@')}: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI needs it: .ci/run starts it)`);
    console.warn(`\n⚠️  SKIPPING PostgreSQL tests — ${message}\n`);
    return null;
  }
  const name = `citybrain_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
