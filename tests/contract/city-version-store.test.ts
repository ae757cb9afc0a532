import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../server/accounts/accountRepository.ts';
import { type CityVersionData, decodeCityVersion, encodeCityVersion } from '../../server/city/cityVersion.ts';
import { SqlCityVersionRepository } from '../../server/store/cityVersionRepository.ts';
import { postgresAccountBatches } from '../../server/store/postgresAccountBatches.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { SqlAccountRepository } from '../../server/store/sqlAccountRepository.ts';
import { sqliteAccountBatches } from '../../server/store/sqliteAccountBatches.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { postgresStore, sqliteStore, type StoreUnderTest, twoConnections } from '../support/contract.ts';

/**
 * The city versions' contract, one suite for both stores: a version and its data kept as
 * written, numbered in order from any connection, listed newest first; the workers it no longer
 * lists disabled in the same transaction (only workers, only those, in chunks of any size).
 */
type Connection = { versions: SqlCityVersionRepository; accounts: SqlAccountRepository };
const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

const data: CityVersionData = {
  city: { format: 1, seed: 1, city: { code: '4101', name: '郑州市' }, districts: [], streets: [], communities: [] },
  grids: { format: 1, community: [], serial: [], exclusive: [], geometry: [], code: [], name: [] },
  microGrids: { format: 1, grid: [], geometry: [], code: [], name: [] },
  roster: { id: ['ZZ-0001'], name: ['张三'], role: ['gridLeader'], grid: [0], microGrid: [-1], phone: ['13800000001'] },
};
const counts = { districts: 2, streets: 4, communities: 8, grids: 16, microGrids: 16, workers: 50 };
const version = (atMs: number, importedBy = 'cli:ops') => ({ importedAtMs: atMs, importedBy, source: '/srv/city/2026-12', counts, warnings: 3, data: encodeCityVersion(data) });

const account = (username: string, role: AccountRecord['role'] = 'worker'): AccountRecord => ({
  username,
  role,
  unit: role === 'worker' ? username : null,
  department: null,
  channel: null,
  passwordHash: null,
  deviceHash: null,
  enabled: true,
  demo: false,
  version: 1,
  createdAtMs: T0,
  updatedAtMs: T0,
});

function contract(name: string, open: () => Promise<StoreUnderTest<Connection> | null>) {
  describe(`the city version store contract: ${name}`, () => {
    let store: StoreUnderTest<Connection> | null = null;
    let a: Connection;
    let b: Connection;
    twoConnections(open, (opened) => {
      ({ store, a, b } = opened);
    });

    it('has no version before the first import', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.versions.latest()).toBeNull();
      expect(await a.versions.latestVersion()).toBe(0);
      expect(await a.versions.list(10)).toEqual([]);
    });

    it('stores versions in order from any connection, the data as written, and lists them newest first', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.versions.add(version(T0), [])).toBe(1);
      expect(await b.versions.add(version(T0 + 1000, 'cli:other'), [])).toBe(2);
      const latest = await a.versions.latest();
      expect(latest!.summary).toEqual({ version: 2, importedAtMs: T0 + 1000, importedBy: 'cli:other', source: '/srv/city/2026-12', counts, warnings: 3 });
      expect(decodeCityVersion(latest!.data)).toEqual(data);
      expect((await b.versions.list(10)).map((v) => v.version)).toEqual([2, 1]);
      expect((await b.versions.list(1)).map((v) => v.version)).toEqual([2]);
    });

    it('disables exactly the workers no longer listed, in the same transaction, across chunks', async (ctx) => {
      if (!store) return ctx.skip();
      const workers = Array.from({ length: 1_203 }, (_, i) => account(`CV-${i}`));
      await a.accounts.insertMissing([...workers, account('CV-officer', 'officer')]);
      const removed = [...workers.slice(0, 1_101).map((w) => w.username), 'CV-officer', 'CV-never-had-an-account'];
      const before = await a.versions.latestVersion();
      expect(await b.versions.add(version(T0 + 2000), removed)).toBe(before + 1);
      const after = await a.accounts.getMany([...workers.map((w) => w.username), 'CV-officer']);
      const disabled = after.filter((x) => !x.enabled).map((x) => x.username);
      expect(disabled.sort()).toEqual(
        workers
          .slice(0, 1_101)
          .map((w) => w.username)
          .sort(),
      );
      // A disabled account's version moves on, so its sessions end.
      expect(after.find((x) => x.username === 'CV-0')!.version).toBe(2);
      expect(after.find((x) => x.username === 'CV-1200')).toMatchObject({ enabled: true, version: 1 });
    });

    it('two imports at once: each that succeeds gets a version of its own, none is lost or doubled', async (ctx) => {
      if (!store) return ctx.skip();
      const before = await a.versions.latestVersion();
      const outcomes = await Promise.allSettled([a.versions.add(version(T0 + 3000), []), b.versions.add(version(T0 + 3001), [])]);
      const stored = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<number>).value);
      expect(stored.length).toBeGreaterThanOrEqual(1);
      expect(new Set(stored).size).toBe(stored.length);
      expect(await a.versions.latestVersion()).toBe(before + stored.length);
      expect((await a.versions.list(100)).map((v) => v.version)).toEqual(Array.from({ length: before + stored.length }, (_, i) => before + stored.length - i));
    });
  });
}

contract('SQLite', () =>
  sqliteStore((db) => {
    const sql = sqliteRunner(db);
    return { versions: new SqlCityVersionRepository(sql), accounts: new SqlAccountRepository(sql, sqliteAccountBatches(sql)) };
  }),
);

contract('PostgreSQL', () =>
  postgresStore((pool) => {
    const sql = postgresRunner(pool);
    return { versions: new SqlCityVersionRepository(sql), accounts: new SqlAccountRepository(sql, postgresAccountBatches(pool)) };
  }),
);
