import { timingSafeEqual } from 'node:crypto';
import type { Principal, Role } from '../../common/domain/auth.ts';
import type { OfficerScope } from '../broadcasts/workerDirectory.ts';

export interface Account extends Principal {
  password: string;
  /** For officers: the part of the city they may send broadcasts to. */
  scope?: OfficerScope;
}

/** The demonstration accounts (README); real deployments replace them through configuration. */
export const DEMO_ACCOUNTS: readonly Account[] = [
  { username: 'wall', password: 'wall-demo', role: 'wall' },
  { username: 'officer', password: 'officer-demo', role: 'officer', scope: { level: 'city' } },
  { username: 'officer.erqi', password: 'officer-demo', role: 'officer', scope: { level: 'district', code: '410103' } },
  { username: 'officer.huaihe', password: 'officer-demo', role: 'officer', scope: { level: 'street', code: '410103001' } },
  { username: 'integration', password: 'integration-demo', role: 'integration' },
];

/** Every grid worker of the roster signs in with their id (W000001…) and this demo password. */
export const WORKER_DEMO_PASSWORD = 'worker-demo';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function authenticate(accounts: readonly Account[], username: string, password: string, isWorker: (id: string) => boolean = () => false): Principal | null {
  if (isWorker(username)) return same(WORKER_DEMO_PASSWORD, password) ? { username, role: 'worker' } : null;
  const account = accounts.find((a) => a.username === username);
  return account && same(account.password, password) ? { username: account.username, role: account.role as Role } : null;
}
