import { describe, expect, it } from 'vitest';
import { postgresStore, sqliteStore, type StoreUnderTest as ContractStore, twoConnections } from '../support/contract.ts';
import type { AuditEntry, AuditRepository } from '../../server/audit/auditLog.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { SqlAuditRepository } from '../../server/store/sqlAuditRepository.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';

/**
 * The audit store's contract, one suite for both stores. `connect` opens another connection to
 * the same store, as a second node (or the admin CLI) would. The tests run in order on one log.
 */
type StoreUnderTest = ContractStore<AuditRepository>;

const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);

type Appended = Omit<AuditEntry, 'id'>;

const ENTRIES: Appended[] = [
  { atMs: T0, actor: 'admin', action: 'account.added', target: 'ada', address: 'cli', detail: { role: 'officer', unit: null } },
  { atMs: T0 + 1, actor: 'ada', action: 'signin', target: null, address: '10.0.0.7', detail: null },
  {
    atMs: T0 + 2,
    actor: 'ada',
    action: 'broadcast.sent',
    target: 'BC1',
    address: '10.0.0.7',
    detail: { 标题: '暴雨预警', recipients: 100_394, districts: ['410103', '410105'], nested: { ok: true, ratio: 0.5 } },
  },
  { atMs: T0 + 3, actor: 'bo', action: 'signin.failed', target: null, address: null, detail: {} },
  { atMs: T0 + 4, actor: 'admin', action: 'account.disabled', target: 'bo', address: 'cli', detail: null },
  { atMs: T0 + 5, actor: 'ada', action: 'signin', target: null, address: '10.0.0.8', detail: { via: 'refresh' } },
  { atMs: T0 + 6, actor: 'bo', action: 'signin', target: null, address: '10.0.0.9', detail: null },
];

function contract(name: string, open: () => Promise<StoreUnderTest | null>) {
  describe(`the audit store contract: ${name}`, () => {
    let store: StoreUnderTest | null;
    let a: AuditRepository;
    let b: AuditRepository;
    /** What was appended, with the ids the store gave, oldest first. */
    let stored: AuditEntry[] = [];

    twoConnections(open, (opened) => ({ store, a, b } = opened));

    it('starts empty', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.recent({ limit: 10 })).toEqual([]);
    });

    it('appends from any connection and reads back newest first, every field and detail as written', async (ctx) => {
      if (!store) return ctx.skip();
      for (const [i, entry] of ENTRIES.entries()) await (i % 2 ? b : a).append(entry);
      const newestFirst = await b.recent({ limit: 100 });
      expect(newestFirst.map(({ id: _, ...rest }) => rest)).toEqual([...ENTRIES].reverse());
      const ids = newestFirst.map((e) => e.id);
      for (const id of ids) expect(Number.isSafeInteger(id)).toBe(true);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      expect(new Set(ids).size).toBe(ids.length);
      stored = [...newestFirst].reverse();
    });

    it('pages back with beforeId and a limit, without gaps or overlaps', async (ctx) => {
      if (!store) return ctx.skip();
      const newestFirst = [...stored].reverse();
      const first = await a.recent({ limit: 3 });
      expect(first).toEqual(newestFirst.slice(0, 3));
      const second = await a.recent({ limit: 3, beforeId: first.at(-1)!.id });
      expect(second).toEqual(newestFirst.slice(3, 6));
      const last = await b.recent({ limit: 3, beforeId: second.at(-1)!.id });
      expect(last).toEqual(newestFirst.slice(6));
      expect(await b.recent({ limit: 3, beforeId: stored[0]!.id })).toEqual([]);
      expect(await b.recent({ limit: 0 })).toEqual([]);
    });

    it('filters by action, by actor, and by both, newest first and paged', async (ctx) => {
      if (!store) return ctx.skip();
      const newestFirst = [...stored].reverse();
      const signins = newestFirst.filter((e) => e.action === 'signin');
      expect(await a.recent({ limit: 100, action: 'signin' })).toEqual(signins);
      expect(await a.recent({ limit: 100, actor: 'admin' })).toEqual(newestFirst.filter((e) => e.actor === 'admin'));
      expect(await b.recent({ limit: 100, action: 'signin', actor: 'ada' })).toEqual(signins.filter((e) => e.actor === 'ada'));
      expect(await b.recent({ limit: 1, action: 'signin', beforeId: signins[0]!.id })).toEqual([signins[1]]);
      expect(await b.recent({ limit: 100, action: 'mode.switched' })).toEqual([]);
      expect(await b.recent({ limit: 100, actor: 'nobody' })).toEqual([]);
    });

    it('keeps everything when reopened, and goes on numbering after the last entry', async (ctx) => {
      if (!store) return ctx.skip();
      const again = await store.connect();
      expect(await again.recent({ limit: 100 })).toEqual([...stored].reverse());
      await again.append({ atMs: T0 + 7, actor: 'admin', action: 'mode.switched', target: null, address: 'cli', detail: { mode: 'emergency' } });
      const [newest] = await a.recent({ limit: 1 });
      expect(newest).toEqual({ id: newest!.id, atMs: T0 + 7, actor: 'admin', action: 'mode.switched', target: null, address: 'cli', detail: { mode: 'emergency' } });
      expect(newest!.id).toBeGreaterThan(stored.at(-1)!.id);
    });
  });
}

contract('SQLite', () => sqliteStore((db) => new SqlAuditRepository(sqliteRunner(db))));

contract('PostgreSQL', () => postgresStore((pool) => new SqlAuditRepository(postgresRunner(pool))));
