import type { Role } from '../../common/domain/auth.ts';

/**
 * The demonstration accounts of the README, seeded only in demo mode (DEMO=1) and refused
 * whenever it is off, so a deployment's data directory seeded once in demo mode opens nothing
 * in production.
 */
export const DEMO_PEOPLE: readonly { username: string; role: Role; unit: string | null; password: string }[] = [
  { username: 'wall', role: 'wall', unit: null, password: 'wall-demo' },
  { username: 'officer', role: 'officer', unit: null, password: 'officer-demo' },
  { username: 'officer.erqi', role: 'officer', unit: '410103', password: 'officer-demo' },
  { username: 'officer.huaihe', role: 'officer', unit: '410103001', password: 'officer-demo' },
  { username: 'integration', role: 'integration', unit: null, password: 'integration-demo' },
];

/** Every grid worker of the roster signs in with their id (W000001…) and this password, in demo mode. */
export const WORKER_DEMO_PASSWORD = 'worker-demo';
