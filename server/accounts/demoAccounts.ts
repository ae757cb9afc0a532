import type { Role } from '../../common/domain/auth.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';

export interface DemoPerson {
  username: string;
  role: Role;
  unit: string | null;
  /** A department account's department code. */
  department?: string;
  password: string;
}

/** Every department's demo account signs in with this password: `dept.<code>` / `dept-demo`. */
export const DEPARTMENT_DEMO_PASSWORD = 'dept-demo';

/**
 * The demonstration accounts of the README, seeded only in demo mode (DEMO=1) and refused
 * whenever it is off, so a deployment's data directory seeded once in demo mode opens nothing
 * in production. One account per department of the city in use (`dept.waterSupply`, …), serving
 * the department's district or, for a city-wide one, the city.
 */
export const demoPeople = (services: ServiceCatalogue): readonly DemoPerson[] => [
  { username: 'wall', role: 'wall', unit: null, password: 'wall-demo' },
  { username: 'officer', role: 'officer', unit: null, password: 'officer-demo' },
  { username: 'officer.erqi', role: 'officer', unit: '410103', password: 'officer-demo' },
  { username: 'officer.huaihe', role: 'officer', unit: '410103001', password: 'officer-demo' },
  { username: 'integration', role: 'integration', unit: null, password: 'integration-demo' },
  ...services.departments.map((d) => ({ username: `dept.${d.code}`, role: 'department' as const, unit: d.district, department: d.code, password: DEPARTMENT_DEMO_PASSWORD })),
];

/** Every grid worker of the roster signs in with their id (W000001…) and this password, in demo mode. */
export const WORKER_DEMO_PASSWORD = 'worker-demo';
