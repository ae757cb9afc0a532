import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slowFirstSequencer.ts';

/**
 * Four projects, one command (`npm test`): pure units, store contracts, integration against a real server on a
 * random port with real Socket.IO clients, and browser tests of the built pages in Chromium.
 *
 * Most integration files spend their time waiting on sockets, timers and child processes, not on the CPU, so the
 * first group runs two files at a time even on a 2-core machine (Vitest's default there is one). The browser tests
 * run afterwards, alone and one file at a time: Chromium's software WebGL wants both cores.
 */
const SERVER_SIDE_WORKERS = 2;

export default defineConfig({
  test: {
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, maxWorkers: SERVER_SIDE_WORKERS, isolate: false } },
      // One contract, both stores: SQLite, and PostgreSQL at 127.0.0.1 (a database per run).
      { test: { name: 'contract', include: ['tests/contract/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: SERVER_SIDE_WORKERS, isolate: false } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: SERVER_SIDE_WORKERS, isolate: false } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // One worker for every file, so the city is built once (server/geo/cityParts.ts), as in the other projects.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
