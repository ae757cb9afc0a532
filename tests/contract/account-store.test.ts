import { describe, expect, it } from 'vitest';
import { postgresStore, sqliteStore, type StoreUnderTest as ContractStore, twoConnections } from '../support/contract.ts';
import type { Role } from '../../common/domain/auth.ts';
import type { AccountCounts, AccountRecord, AccountRepository } from '../../server/accounts/accountRepository.ts';
import { postgresAccountBatches } from '../../server/store/postgresAccountBatches.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { SqlAccountRepository } from '../../server/store/sqlAccountRepository.ts';
import { sqliteAccountBatches } from '../../server/store/sqliteAccountBatches.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';

/**
 * The accounts store's contract, one suite for both stores. `connect` opens another connection to
 * the same store, as a second node would: what one writes, the other reads. The suite shares one
 * store, so each test uses usernames of its own and counts by difference.
 */
type StoreUnderTest = ContractStore<AccountRepository>;

const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);
const MINUTE = 60_000;

function account(username: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    username,
    role: 'officer',
    unit: '410103',
    department: null,
    channel: null,
    passwordHash: `scrypt$${username}`,
    deviceHash: null,
    enabled: true,
    demo: false,
    version: 1,
    createdAtMs: T0,
    updatedAtMs: 0,
    ...overrides,
  };
}

/** `after` minus `before`, role by role, leaving out roles that did not change. */
function countsAdded(before: AccountCounts, after: AccountCounts): AccountCounts {
  const added: AccountCounts = {};
  for (const role of Object.keys(after) as Role[]) {
    const total = after[role]!.total - (before[role]?.total ?? 0);
    const enabled = after[role]!.enabled - (before[role]?.enabled ?? 0);
    if (total || enabled) added[role] = { total, enabled };
  }
  return added;
}

function contract(name: string, open: () => Promise<StoreUnderTest | null>) {
  describe(`the accounts store contract: ${name}`, () => {
    let store: StoreUnderTest | null;
    let a: AccountRepository;
    let b: AccountRepository;

    twoConnections(open, (opened) => ({ store, a, b } = opened));

    it('starts empty: no accounts, no counts', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.counts()).toEqual({});
      expect(await a.list({ limit: 10, offset: 0 })).toEqual([]);
      expect(await a.changedSince(-1)).toEqual([]);
    });

    it('inserts an account once, reads it back field for field from another connection, and refuses a taken username', async (ctx) => {
      if (!store) return ctx.skip();
      const first = account('insert.ada', { role: 'integration', unit: null, channel: 'hotline12345', deviceHash: 'fast$dev', enabled: false, demo: true, version: 3, updatedAtMs: T0 + 5 });
      expect(await a.insert(first)).toBe(true);
      expect(await b.get('insert.ada')).toEqual(first);
      expect(await b.insert(account('insert.ada', { role: 'wall', passwordHash: 'scrypt$other' }))).toBe(false);
      expect(await a.get('insert.ada')).toEqual(first);
      expect(await a.get('insert.nobody')).toBeNull();
      // Several at once: the found ones, field for field; the missing left out.
      const second = account('insert.bea', { unit: '410103', version: 1, updatedAtMs: T0 + 6 });
      expect(await a.insert(second)).toBe(true);
      const many = await b.getMany(['insert.bea', 'insert.nobody', 'insert.ada']);
      expect(many.sort((x, y) => x.username.localeCompare(y.username))).toEqual([first, second]);
      expect(await b.getMany([])).toEqual([]);
    });

    it('inserts only the missing accounts, across many chunks in one call, and says how many', async (ctx) => {
      if (!store) return ctx.skip();
      const existing = account('bulk-00000', { role: 'worker', unit: 'kept' });
      expect(await a.insert(existing)).toBe(true);
      const workers = Array.from({ length: 12_001 }, (_, i) => account(`bulk-${String(i).padStart(5, '0')}`, { role: 'worker', unit: `W${i}`, passwordHash: null }));
      // The batch path keeps every column too: an integration's channel among them.
      workers[12_000] = account('bulk-12000', { role: 'integration', unit: null, channel: 'police110', passwordHash: null });
      const before = await a.counts();
      expect(await a.insertMissing(workers)).toBe(12_000);
      expect(countsAdded(before, await b.counts())).toEqual({ worker: { total: 11_999, enabled: 11_999 }, integration: { total: 1, enabled: 1 } });
      expect(await b.get('bulk-00000')).toEqual(existing);
      expect(await b.get('bulk-12000')).toEqual(workers[12_000]);
      // A second run finds them all; a username listed twice is inserted once, the first listing winning.
      expect(await b.insertMissing(workers)).toBe(0);
      expect(await a.insertMissing([account('bulk-twice', { unit: 'first' }), account('bulk-twice', { unit: 'second' })])).toBe(1);
      expect((await a.get('bulk-twice'))!.unit).toBe('first');
      expect(await a.insertMissing([])).toBe(0);
    });

    it('inserts a batch whole or not at all, however many chunks it takes', async (ctx) => {
      if (!store) return ctx.skip();
      const batch = Array.from({ length: 12_001 }, (_, i) => account(`whole-${i}`, { role: 'worker' }));
      batch.push(account('whole-bad', { role: null as unknown as Role }));
      const before = await a.counts();
      await expect(a.insertMissing(batch)).rejects.toThrow();
      expect(await b.get('whole-0')).toBeNull();
      expect(await b.counts()).toEqual(before);
    });

    it('counts accounts per role, and how many of them are enabled', async (ctx) => {
      if (!store) return ctx.skip();
      const before = await a.counts();
      await a.insertMissing([
        account('count.o1', { role: 'officer' }),
        account('count.o2', { role: 'officer', enabled: false }),
        account('count.o3', { role: 'officer' }),
        account('count.w1', { role: 'wall', enabled: false }),
        account('count.i1', { role: 'integration' }),
      ]);
      expect(countsAdded(before, await b.counts())).toEqual({ officer: { total: 3, enabled: 2 }, wall: { total: 1, enabled: 0 }, integration: { total: 1, enabled: 1 } });
      await a.update('count.o2', { enabled: true }, true, T0);
      expect(countsAdded(before, await b.counts())).toEqual({ officer: { total: 3, enabled: 3 }, wall: { total: 1, enabled: 0 }, integration: { total: 1, enabled: 1 } });
      const counts = await b.counts();
      for (const role of Object.keys(counts) as Role[]) {
        expect(typeof counts[role]!.total).toBe('number');
        expect(typeof counts[role]!.enabled).toBe('number');
      }
    });

    it('lists by role in username order, or every role in role then username order, a page at a time', async (ctx) => {
      if (!store) return ctx.skip();
      // Only this test makes integration accounts with the prefix "aa", which sorts before any other integration username.
      const names = ['aa-list-d', 'aa-list-a', 'aa-list-c', 'aa-list-b', 'aa-list-e'];
      await a.insertMissing(names.map((n) => account(n, { role: 'integration', unit: null })));
      const sorted = [...names].sort();
      const integrations = await b.list({ role: 'integration', limit: 3, offset: 1 });
      expect(integrations.map((r) => r.username)).toEqual(sorted.slice(1, 4));
      expect(integrations[0]).toEqual(account('aa-list-b', { role: 'integration', unit: null }));
      // Unfiltered, integration is the first role in order.
      expect((await b.list({ limit: 2, offset: 3 })).map((r) => r.username)).toEqual(sorted.slice(3, 5));
      const everyone = await b.list({ limit: 100_000, offset: 0 });
      const keys = everyone.map((r) => `${r.role} ${r.username}`);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(everyone.map((r) => r.role))).toEqual(new Set(['integration', 'officer', 'wall', 'worker']));
      expect(await b.list({ role: 'wall', limit: 10, offset: 10_000 })).toEqual([]);
    });

    it('updates what is given, raises the version only on revoke, and moves updatedAtMs forward only', async (ctx) => {
      if (!store) return ctx.skip();
      await a.insert(account('update.bo'));
      const at = T0 + 10 * MINUTE;
      expect(await a.update('update.bo', { passwordHash: 'scrypt$new', enabled: false }, true, at)).toBe(true);
      expect(await b.get('update.bo')).toEqual(account('update.bo', { passwordHash: 'scrypt$new', enabled: false, version: 2, updatedAtMs: at }));

      // Without revoke the version stays; the record still counts as changed.
      expect(await b.update('update.bo', { deviceHash: 'fast$phone' }, false, at + MINUTE)).toBe(true);
      expect(await a.get('update.bo')).toEqual(account('update.bo', { passwordHash: 'scrypt$new', deviceHash: 'fast$phone', enabled: false, version: 2, updatedAtMs: at + MINUTE }));

      // A clock behind the record's still moves it on, by a millisecond.
      expect(await a.update('update.bo', { enabled: true }, true, T0)).toBe(true);
      const moved = (await b.get('update.bo'))!;
      expect(moved).toMatchObject({ enabled: true, version: 3, updatedAtMs: at + MINUTE + 1 });

      // An empty change still touches the record; a null leaves the column as it is (nothing is ever cleared).
      expect(await a.update('update.bo', { passwordHash: null, deviceHash: null }, false, at + 2 * MINUTE)).toBe(true);
      expect(await b.get('update.bo')).toEqual({ ...moved, updatedAtMs: at + 2 * MINUTE });
      expect(await a.update('update.bo', {}, true, at + 3 * MINUTE)).toBe(true);
      expect(await b.get('update.bo')).toEqual({ ...moved, version: 4, updatedAtMs: at + 3 * MINUTE });

      expect(await a.update('update.nobody', { enabled: false }, true, at)).toBe(false);
      expect(await a.get('update.nobody')).toBeNull();
    });

    it('finds accounts changed after a time, oldest change first', async (ctx) => {
      if (!store) return ctx.skip();
      const base = T0 + 1000 * MINUTE;
      await a.insertMissing(['changed.x', 'changed.y', 'changed.z'].map((n) => account(n)));
      await a.update('changed.y', { enabled: false }, true, base + 3);
      await b.update('changed.x', {}, false, base + 1);
      await a.update('changed.z', { passwordHash: 'scrypt$z' }, true, base + 2);
      const changed = await b.changedSince(base);
      expect(changed.map((r) => [r.username, r.updatedAtMs])).toEqual([
        ['changed.x', base + 1],
        ['changed.z', base + 2],
        ['changed.y', base + 3],
      ]);
      expect(changed[2]).toEqual(account('changed.y', { enabled: false, version: 2, updatedAtMs: base + 3 }));
      expect((await a.changedSince(base + 2)).map((r) => r.username)).toEqual(['changed.y']);
      expect(await a.changedSince(base + 3)).toEqual([]);
    });

    it('adds, reads, lists and revokes API keys, touching the owner so the account gate notices', async (ctx) => {
      if (!store) return ctx.skip();
      await a.insert(account('keys.hx', { role: 'integration', unit: null, updatedAtMs: T0 }));
      // The key's own revokedAtMs is not taken: a key is added unrevoked.
      await a.addApiKey({ id: 'key-2', username: 'keys.hx', secretHash: 'fast$2', createdAtMs: T0 + 2, revokedAtMs: T0 }, T0 + 10);
      await b.addApiKey({ id: 'key-1', username: 'keys.hx', secretHash: 'fast$1', createdAtMs: T0 + 1, revokedAtMs: null }, T0 + 5);
      expect(await b.get('keys.hx')).toMatchObject({ version: 1, updatedAtMs: T0 + 11 });
      const key1 = { id: 'key-1', username: 'keys.hx', secretHash: 'fast$1', createdAtMs: T0 + 1, revokedAtMs: null };
      const key2 = { id: 'key-2', username: 'keys.hx', secretHash: 'fast$2', createdAtMs: T0 + 2, revokedAtMs: null };
      expect(await b.apiKey('key-2')).toEqual(key2);
      expect(await b.apiKeysOf('keys.hx')).toEqual([key1, key2]);

      expect(await a.revokeApiKey('key-2', T0 + 100)).toBe(true);
      expect(await b.apiKey('key-2')).toEqual({ ...key2, revokedAtMs: T0 + 100 });
      expect(await b.get('keys.hx')).toMatchObject({ version: 1, updatedAtMs: T0 + 100 });
      expect((await b.changedSince(T0 + 99)).map((r) => r.username)).toContain('keys.hx');

      // Revoked once only: the second neither succeeds nor touches the owner.
      expect(await b.revokeApiKey('key-2', T0 + 200)).toBe(false);
      expect(await a.apiKey('key-2')).toEqual({ ...key2, revokedAtMs: T0 + 100 });
      expect(await a.get('keys.hx')).toMatchObject({ updatedAtMs: T0 + 100 });
      expect(await a.revokeApiKey('key-none', T0 + 200)).toBe(false);
      expect(await a.apiKey('key-none')).toBeNull();
      expect(await a.apiKeysOf('keys.nobody')).toEqual([]);
      expect(await a.apiKeysOf('keys.hx')).toEqual([key1, { ...key2, revokedAtMs: T0 + 100 }]);
    });

    it('refuses an API key for no account, or a second key with the same id, and changes nothing', async (ctx) => {
      if (!store) return ctx.skip();
      await expect(a.addApiKey({ id: 'key-orphan', username: 'keys.nobody', secretHash: 'fast$x', createdAtMs: T0, revokedAtMs: null }, T0)).rejects.toThrow();
      expect(await b.apiKey('key-orphan')).toBeNull();
      await a.insert(account('keys.dup', { updatedAtMs: T0 }));
      await a.addApiKey({ id: 'key-dup', username: 'keys.dup', secretHash: 'fast$a', createdAtMs: T0, revokedAtMs: null }, T0 + 1);
      await expect(b.addApiKey({ id: 'key-dup', username: 'keys.dup', secretHash: 'fast$b', createdAtMs: T0, revokedAtMs: null }, T0 + 50)).rejects.toThrow();
      expect(await a.apiKeysOf('keys.dup')).toEqual([{ id: 'key-dup', username: 'keys.dup', secretHash: 'fast$a', createdAtMs: T0, revokedAtMs: null }]);
      expect(await a.get('keys.dup')).toMatchObject({ updatedAtMs: T0 + 1 });
    });

    it('redeems an enrolment code once, before it expires, setting the device hash and raising the version', async (ctx) => {
      if (!store) return ctx.skip();
      await a.insertMissing(['enrol-1', 'enrol-2'].map((n) => account(n, { role: 'worker', unit: n, passwordHash: null })));
      const expiresAtMs = T0 + 60 * MINUTE;
      await a.putEnrolmentCodes([
        { username: 'enrol-1', codeHash: 'code$1', expiresAtMs },
        { username: 'enrol-2', codeHash: 'code$2', expiresAtMs },
      ]);
      expect(await b.redeemEnrolmentCode('enrol-1', 'code$2', 'dev$1', T0)).toBe(false);
      expect(await b.redeemEnrolmentCode('enrol-nobody', 'code$1', 'dev$1', T0)).toBe(false);
      // Expired at exactly expiresAtMs.
      expect(await b.redeemEnrolmentCode('enrol-1', 'code$1', 'dev$1', expiresAtMs)).toBe(false);
      expect(await b.get('enrol-1')).toEqual(account('enrol-1', { role: 'worker', unit: 'enrol-1', passwordHash: null }));

      expect(await b.redeemEnrolmentCode('enrol-1', 'code$1', 'dev$1', expiresAtMs - 1)).toBe(true);
      expect(await a.get('enrol-1')).toEqual(account('enrol-1', { role: 'worker', unit: 'enrol-1', passwordHash: null, deviceHash: 'dev$1', version: 2, updatedAtMs: expiresAtMs - 1 }));
      expect(await a.redeemEnrolmentCode('enrol-1', 'code$1', 'dev$again', T0)).toBe(false);
      expect(await a.get('enrol-1')).toMatchObject({ deviceHash: 'dev$1', version: 2 });
      // The other worker's code is untouched.
      expect(await a.redeemEnrolmentCode('enrol-2', 'code$2', 'dev$2', T0)).toBe(true);
    });

    it('keeps one enrolment code per worker, the latest, for many workers in one call', async (ctx) => {
      if (!store) return ctx.skip();
      await a.insert(account('enrol-3', { role: 'worker', passwordHash: null }));
      const expiresAtMs = T0 + 60 * MINUTE;
      await a.putEnrolmentCodes([{ username: 'enrol-3', codeHash: 'code$old', expiresAtMs }]);
      await b.putEnrolmentCodes([{ username: 'enrol-3', codeHash: 'code$new', expiresAtMs }]);
      expect(await a.redeemEnrolmentCode('enrol-3', 'code$old', 'dev$3', T0)).toBe(false);
      expect(await a.redeemEnrolmentCode('enrol-3', 'code$new', 'dev$3', T0)).toBe(true);
      await a.putEnrolmentCodes([
        { username: 'enrol-3', codeHash: 'code$first', expiresAtMs },
        { username: 'enrol-3', codeHash: 'code$last', expiresAtMs },
      ]);
      expect(await b.redeemEnrolmentCode('enrol-3', 'code$first', 'dev$3', T0)).toBe(false);
      expect(await b.redeemEnrolmentCode('enrol-3', 'code$last', 'dev$3', T0)).toBe(true);

      // The workers the bulk test inserted, in one call; one of them listed again much later.
      const codes = Array.from({ length: 12_001 }, (_, i) => ({ username: `bulk-${String(i).padStart(5, '0')}`, codeHash: `code$${i}`, expiresAtMs }));
      await a.putEnrolmentCodes([...codes, { username: 'bulk-00007', codeHash: 'code$7-again', expiresAtMs }]);
      expect(await b.redeemEnrolmentCode('bulk-12000', 'code$12000', 'dev$b', T0)).toBe(true);
      expect(await b.redeemEnrolmentCode('bulk-00007', 'code$7', 'dev$b', T0)).toBe(false);
      expect(await b.redeemEnrolmentCode('bulk-00007', 'code$7-again', 'dev$b', T0)).toBe(true);
      await a.putEnrolmentCodes([]);
    });

    it('stores a batch of enrolment codes whole or not at all (a code needs an account)', async (ctx) => {
      if (!store) return ctx.skip();
      const expiresAtMs = T0 + 60 * MINUTE;
      const codes = Array.from({ length: 12_001 }, (_, i) => ({ username: `bulk-${String(i).padStart(5, '0')}`, codeHash: 'code$whole', expiresAtMs }));
      await expect(a.putEnrolmentCodes([...codes, { username: 'enrol-nobody', codeHash: 'code$whole', expiresAtMs }])).rejects.toThrow();
      expect(await b.redeemEnrolmentCode('bulk-00001', 'code$whole', 'dev$4', T0)).toBe(false);
      expect(await b.redeemEnrolmentCode('bulk-00001', 'code$1', 'dev$4', T0)).toBe(true);
    });

    it('lets only one of two phones redeeming the same code at once succeed', async (ctx) => {
      if (!store) return ctx.skip();
      await a.insert(account('enrol-5', { role: 'worker', passwordHash: null }));
      await a.putEnrolmentCodes([{ username: 'enrol-5', codeHash: 'code$5', expiresAtMs: T0 + MINUTE }]);
      const results = await Promise.all([a.redeemEnrolmentCode('enrol-5', 'code$5', 'dev$a', T0), b.redeemEnrolmentCode('enrol-5', 'code$5', 'dev$b', T0)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'dev$a' : 'dev$b';
      expect(await a.get('enrol-5')).toMatchObject({ deviceHash: winner, version: 2 });
    });

    it('takes each refresh token once, deletes a user’s tokens, and prunes the expired with a count', async (ctx) => {
      if (!store) return ctx.skip();
      const token = (tokenHash: string, username: string, expiresAtMs: number) => ({ tokenHash, username, familyId: `fam-${tokenHash}`, expiresAtMs });
      await a.addRefresh(token('rt-1', 'refresh.ada', T0 + 10));
      await a.addRefresh(token('rt-2', 'refresh.ada', T0 + 20));
      await b.addRefresh(token('rt-3', 'refresh.bo', T0 + 30));
      await b.addRefresh(token('rt-4', 'refresh.bo', T0 + 40));
      await b.addRefresh(token('rt-5', 'refresh.cy', T0 + 50));
      await expect(a.addRefresh(token('rt-5', 'refresh.cy', T0 + 60))).rejects.toThrow();

      // Of two taking the same token at once, one takes it; the other is a second use.
      const taken = await Promise.all([a.takeRefresh('rt-1', T0), b.takeRefresh('rt-1', T0)]);
      expect(taken.map((t) => t?.outcome).sort()).toEqual(['reused', 'taken']);
      expect(taken.find((t) => t?.outcome === 'taken')!.record).toEqual(token('rt-1', 'refresh.ada', T0 + 10));
      expect(await a.takeRefresh('rt-1', T0)).toMatchObject({ outcome: 'dead' });
      expect(await a.takeRefresh('rt-none', T0)).toBeNull();
      expect(await a.refreshFamilyOf('rt-1')).toBe('fam-rt-1');
      expect(await a.refreshFamilyOf('rt-none')).toBeNull();

      await b.deleteRefreshOf('refresh.ada');
      expect(await a.takeRefresh('rt-2', T0)).toBeNull();
      expect(await a.refreshFamilyOf('rt-1')).toBeNull();

      // Expired at exactly expiresAtMs: refused from then, and pruned.
      expect(await a.takeRefresh('rt-3', T0 + 30)).toMatchObject({ outcome: 'dead' });
      expect(await a.deleteExpiredRefresh(T0 + 40)).toBe(2);
      expect(await b.deleteExpiredRefresh(T0 + 40)).toBe(0);
      expect(await a.takeRefresh('rt-4', T0)).toBeNull();
      expect(await b.takeRefresh('rt-5', T0)).toEqual({ outcome: 'taken', record: token('rt-5', 'refresh.cy', T0 + 50) });
      await a.deleteRefreshOf('refresh.nobody');
    });

    it('keeps a used refresh token until it expires: used again, it revokes its whole family, and nothing else', async (ctx) => {
      if (!store) return ctx.skip();
      const token = (tokenHash: string, familyId: string, expiresAtMs: number) => ({ tokenHash, username: 'family.dee', familyId, expiresAtMs });
      await a.deleteExpiredRefresh(T0 + MINUTE); // what earlier tests left, so the counts below are this test's
      // A sign-in starts family F; each refresh's successor inherits it. Family G is another sign-in.
      await a.addRefresh(token('fam-1', 'F', T0 + 10 * MINUTE));
      await a.addRefresh(token('other-1', 'G', T0 + 10 * MINUTE));
      expect(await b.takeRefresh('fam-1', T0 + MINUTE)).toEqual({ outcome: 'taken', record: token('fam-1', 'F', T0 + 10 * MINUTE) });
      await b.addRefresh(token('fam-2', 'F', T0 + 11 * MINUTE));
      expect(await a.takeRefresh('fam-2', T0 + 2 * MINUTE)).toMatchObject({ outcome: 'taken' });
      await a.addRefresh(token('fam-3', 'F', T0 + 12 * MINUTE));

      // The first token, presented again (a thief's copy, or the victim's): the family is revoked —
      // the live successor with it — while the other sign-in's token stays good.
      expect(await b.takeRefresh('fam-1', T0 + 3 * MINUTE)).toEqual({ outcome: 'reused', record: token('fam-1', 'F', T0 + 10 * MINUTE) });
      expect(await a.takeRefresh('fam-3', T0 + 3 * MINUTE)).toEqual({ outcome: 'dead', record: token('fam-3', 'F', T0 + 12 * MINUTE) });
      expect(await a.takeRefresh('fam-2', T0 + 3 * MINUTE)).toMatchObject({ outcome: 'dead' });
      // A successor added after the revocation (a refresh that raced it) belongs to the dead family.
      await b.addRefresh(token('fam-4', 'F', T0 + 13 * MINUTE));
      expect(await a.takeRefresh('fam-4', T0 + 3 * MINUTE)).toMatchObject({ outcome: 'dead' });
      expect(await b.takeRefresh('other-1', T0 + 3 * MINUTE)).toMatchObject({ outcome: 'taken' });

      // The used and revoked tokens are kept until they expire; the family until its latest token does.
      expect(await a.deleteExpiredRefresh(T0 + 10 * MINUTE)).toBe(2);
      expect(await a.takeRefresh('fam-1', T0 + 10 * MINUTE)).toBeNull();
      expect(await b.takeRefresh('fam-4', T0 + 10 * MINUTE)).toMatchObject({ outcome: 'dead' });
      expect(await a.deleteExpiredRefresh(T0 + 13 * MINUTE)).toBe(3);
      expect(await a.refreshFamilyOf('fam-4')).toBeNull();
    });

    it('revokes a family when its session signs out: none of its tokens is taken again', async (ctx) => {
      if (!store) return ctx.skip();
      const token = (tokenHash: string, familyId: string) => ({ tokenHash, username: 'family.eve', familyId, expiresAtMs: T0 + 60 * MINUTE });
      await a.addRefresh(token('out-1', 'H'));
      await a.addRefresh(token('out-2', 'K'));
      expect(await b.refreshFamilyOf('out-1')).toBe('H');
      expect(await b.revokeRefreshFamily('H', T0)).toBe(true);
      expect(await b.revokeRefreshFamily('H', T0 + 1)).toBe(true);
      expect(await b.revokeRefreshFamily('no-such-family', T0)).toBe(false);
      expect(await a.takeRefresh('out-1', T0)).toEqual({ outcome: 'dead', record: token('out-1', 'H') });
      // Still dead after a second look: a revoked family's token is never counted as reused.
      expect(await a.takeRefresh('out-1', T0)).toMatchObject({ outcome: 'dead' });
      expect(await b.takeRefresh('out-2', T0)).toMatchObject({ outcome: 'taken' });
      await a.deleteRefreshOf('family.eve');
      expect(await a.revokeRefreshFamily('K', T0)).toBe(false);
    });

    it('keeps everything when reopened', async (ctx) => {
      if (!store) return ctx.skip();
      const again = await store.connect();
      expect(await again.get('update.bo')).toMatchObject({ version: 4 });
      expect(await again.apiKey('key-1')).toMatchObject({ username: 'keys.hx', revokedAtMs: null });
      expect((await again.counts()).worker!.total).toBeGreaterThanOrEqual(12_001);
    });
  });
}

contract('SQLite', () =>
  sqliteStore((db) => {
    const sql = sqliteRunner(db);
    return new SqlAccountRepository(sql, sqliteAccountBatches(sql));
  }),
);

contract('PostgreSQL', () => postgresStore((pool) => new SqlAccountRepository(postgresRunner(pool), postgresAccountBatches(pool))));
