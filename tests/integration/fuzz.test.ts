import { fuzzSuite } from '../support/fuzzSuite.ts';
import { startTestServer, stubClientDir } from '../support/server.ts';

/** The fuzz suite on SQLite (tests/support/fuzzSuite.ts; its twin fuzz-postgres.test.ts runs it on PostgreSQL). */
fuzzSuite(() => startTestServer({ loginFailuresPerAddress: 1_000_000, clientDir: stubClientDir(), simulationClock: true }));
