import { timingSafeEqual } from 'node:crypto';
import type { Principal, Role } from '../../common/domain/auth.ts';

export interface Account extends Principal {
  password: string;
}

/** The demonstration accounts (README); real deployments replace them through configuration. */
export const DEMO_ACCOUNTS: readonly Account[] = [
  { username: 'wall', password: 'wall-demo', role: 'wall' },
  { username: 'officer', password: 'officer-demo', role: 'officer' },
  { username: 'integration', password: 'integration-demo', role: 'integration' },
];

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function authenticate(accounts: readonly Account[], username: string, password: string): Principal | null {
  const account = accounts.find((a) => a.username === username);
  return account && same(account.password, password) ? { username: account.username, role: account.role as Role } : null;
}
