import { afterAll, describe } from 'vitest';
import { fuzzSuite } from '../support/fuzzSuite.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { startTestServer, stubClientDir } from '../support/server.ts';

/**
 * The fuzz suite on PostgreSQL: text that SQLite keeps and PostgreSQL refuses (NUL, lone
 * surrogates) is where the two stores once differed, so every route and socket event is fuzzed on both.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());

describe.skipIf(!database)('on PostgreSQL', () => {
  fuzzSuite(() => startTestServer({ databaseUrl: database!.url, loginFailuresPerAddress: 1_000_000, clientDir: stubClientDir(), simulationClock: true }));
});
