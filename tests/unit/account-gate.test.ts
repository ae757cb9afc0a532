import { describe, expect, it } from 'vitest';
import type { AccountRecord, AccountRepository } from '../../server/accounts/accountRepository.ts';
import { AccountGate } from '../../server/auth/accountGate.ts';
import { createLogger } from '../../server/logger.ts';

const record = (username: string): AccountRecord =>
  ({ username, role: 'worker', unit: username, passwordHash: null, deviceHash: null, enabled: true, demo: false, version: 0, createdAtMs: 0, updatedAtMs: 0 }) as unknown as AccountRecord;

/** A store that knows W000001…W001000 and counts the questions it is asked. */
function countingStore() {
  const asked: string[][] = [];
  const store = {
    getMany: async (usernames: readonly string[]) => {
      asked.push([...usernames]);
      return usernames.filter((u) => Number(u.slice(1)) <= 1000).map(record);
    },
  } as unknown as AccountRepository;
  return { store, asked };
}

describe('the account gate', () => {
  it('reads the accounts asked for in one turn together, each once, and remembers them', async () => {
    const { store, asked } = countingStore();
    const gate = new AccountGate(store, false, Date.now, createLogger('silent'));
    const names = Array.from({ length: 1500 }, (_, i) => `W${String(i + 1).padStart(6, '0')}`);
    // 1,500 phones signing in at once, one of them twice: two questions (1,000 at most each), not 1,501.
    const statuses = await Promise.all([...names, 'W000007'].map((n) => gate.admitted(n)));
    expect(asked.map((a) => a.length)).toEqual([1000, 500]);
    expect(statuses.filter((s) => s !== null)).toHaveLength(1001);
    expect(statuses[1499]).toBeNull();
    expect(await gate.admitted('W000001')).toMatchObject({ role: 'worker', unit: 'W000001' });
    expect(asked).toHaveLength(2);
  });

  it('refuses a stale token version, and passes a failing store on to every waiter', async () => {
    const { store } = countingStore();
    const gate = new AccountGate(store, false, Date.now, createLogger('silent'));
    expect(await gate.admitted('W000002', 1)).toBeNull();
    const failing = new AccountGate({ getMany: async () => Promise.reject(new Error('store down')) } as unknown as AccountRepository, false, Date.now, createLogger('silent'));
    const results = await Promise.allSettled([failing.admitted('W000003'), failing.admitted('W000004')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
