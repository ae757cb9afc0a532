import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The secrets module, its functions watched: which checks a sign-in runs, and against what cost.
vi.mock('../../server/accounts/secrets.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/accounts/secrets.ts')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), fastHash: vi.fn(real.fastHash), sameHash: vi.fn(real.sameHash) };
});

import type { AccountRecord, AccountRepository } from '../../server/accounts/accountRepository.ts';
import { AccountService } from '../../server/accounts/accountService.ts';
import { fastHash, hashPassword, randomSecret, sameHash, verifyPassword } from '../../server/accounts/secrets.ts';

const account = (username: string, passwordHash: string | null, deviceHash: string | null): AccountRecord => ({
  username,
  role: 'worker',
  unit: username,
  department: null,
  channel: null,
  passwordHash,
  deviceHash,
  enabled: true,
  demo: false,
  version: 1,
  createdAtMs: 0,
  updatedAtMs: 0,
});

/**
 * Whatever the username — unknown, an account with a password, one without (an enrolled phone),
 * one with both — a sign-in runs the same checks at the same cost for the same shape of password:
 * the timing of its answer tells nothing about the account. (Not timed by the clock: the work is
 * counted.)
 */
describe('checking a password', () => {
  const accounts = new Map<string, AccountRecord>();
  const service = new AccountService({ get: async (username: string) => accounts.get(username) ?? null } as unknown as AccountRepository, Date.now);
  const credential = randomSecret('cbd_');

  beforeAll(async () => {
    const hash = await hashPassword('the-right-password');
    accounts.set('has.password', account('has.password', hash, null));
    accounts.set('has.phone', account('has.phone', null, fastHash(credential)));
    accounts.set('has.both', account('has.both', hash, fastHash(credential)));
    accounts.set('has.neither', account('has.neither', null, null));
  });
  beforeEach(() => vi.clearAllMocks());

  /** The work one check did: scrypt runs (by their cost parameters), fast hashes, hash comparisons. */
  async function workOf(username: string, password: string) {
    vi.clearAllMocks();
    await service.checkPassword(username, password);
    return {
      scrypt: vi.mocked(verifyPassword).mock.calls.map(([, stored]) => stored.split('$').slice(0, 4).join('$')),
      fastHashes: vi.mocked(fastHash).mock.calls.length,
      comparisons: vi.mocked(sameHash).mock.calls.length,
    };
  }

  const usernames = ['nobody.here', 'has.password', 'has.phone', 'has.both', 'has.neither'];

  it('runs one scrypt of the same cost for any password, whether the account exists or has a password', async () => {
    for (const password of ['a-wrong-password', 'cbd', '密码错误']) {
      const work = [];
      for (const u of usernames) work.push(await workOf(u, password));
      for (const w of work) expect(w).toEqual({ scrypt: ['scrypt$32768$8$1'], fastHashes: work[0]!.fastHashes, comparisons: work[0]!.comparisons });
    }
  });

  it('runs one fast-hash comparison, and no scrypt, for anything shaped as a device credential, whatever the account', async () => {
    for (const password of [randomSecret('cbd_'), 'cbd_short', credential]) {
      for (const u of usernames) expect(await workOf(u, password)).toEqual({ scrypt: [], fastHashes: 1, comparisons: 1 });
    }
  });

  it('still opens the accounts it should, and only those', async () => {
    expect((await service.checkPassword('has.password', 'the-right-password'))?.username).toBe('has.password');
    expect((await service.checkPassword('has.both', 'the-right-password'))?.username).toBe('has.both');
    expect((await service.checkPassword('has.phone', credential))?.username).toBe('has.phone');
    expect((await service.checkPassword('has.both', credential))?.username).toBe('has.both');
    expect(await service.checkPassword('has.phone', 'the-right-password')).toBeNull();
    expect(await service.checkPassword('has.password', credential)).toBeNull();
    expect(await service.checkPassword('has.neither', 'the-right-password')).toBeNull();
    expect(await service.checkPassword('nobody.here', 'the-right-password')).toBeNull();
    expect(await service.checkPassword('nobody.here', credential)).toBeNull();
  });
});
