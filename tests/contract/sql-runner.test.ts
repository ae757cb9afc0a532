import { describe, expect, it } from 'vitest';
import { postgresPlaceholders, postgresRunner } from '../../server/store/postgresRunner.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { type SqlRunner, step } from '../../server/store/sqlRunner.ts';
import { isDataError } from '../../server/store/storeErrors.ts';
import { postgresStore, sqliteStore, type StoreUnderTest, twoConnections } from '../support/contract.ts';

/**
 * The SQL runner's contract, one suite for both stores: one SQL text with `?` placeholders means
 * the same on both, binds in order, reports rows changed, and passes the driver's errors through.
 * It works on a scratch table of its own; `a` and `b` are two connections, the tests run in order.
 */
interface ProbeRow {
  id: number;
  name: string;
  at_ms: number;
  image: Buffer | null;
}

const INSERT = 'INSERT INTO runner_probe (id, name, at_ms, image) VALUES (?, ?, ?, ?)';
/** An epoch-ms time past 2³¹, so a 32-bit column or parser would show. */
const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);

describe('postgresPlaceholders', () => {
  it('numbers each ? in order and leaves the rest of the text alone', () => {
    expect(postgresPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?')).toBe('SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4');
    expect(postgresPlaceholders('SELECT 1')).toBe('SELECT 1');
  });
});

function contract(name: string, open: () => Promise<StoreUnderTest<SqlRunner> | null>) {
  describe(`the SQL runner contract: ${name}`, () => {
    let store: StoreUnderTest<SqlRunner> | null = null;
    let a: SqlRunner;
    let b: SqlRunner;
    twoConnections(open, (opened) => {
      ({ store, a, b } = opened);
    });

    it('runs one text with ? placeholders on both, binding in order, and says how many rows changed', async (ctx) => {
      if (!store) return ctx.skip();
      await a.run('CREATE TABLE runner_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL, at_ms BIGINT NOT NULL, image BYTEA)');
      expect(await a.run(INSERT, [1, '甲', T0, Buffer.from([0, 1, 2, 255])])).toBe(1);
      // The same text again, from another connection: the cached statement binds the new values.
      expect(await b.run(INSERT, [2, 'b?', T0 + 1, null])).toBe(1);
      expect(await a.run(INSERT, [3, 'c', T0 + 2, null])).toBe(1);
      expect(await b.run('UPDATE runner_probe SET name = ? WHERE id > ?', ['x', 1])).toBe(2);
      expect(await a.run('DELETE FROM runner_probe WHERE id = ?', [99])).toBe(0);
    });

    it('reads every row in order, or the first, with numbers, text and bytes as written', async (ctx) => {
      if (!store) return ctx.skip();
      const rows = await b.all<ProbeRow>('SELECT id, name, at_ms, image FROM runner_probe WHERE at_ms >= ? ORDER BY id DESC', [T0]);
      expect(rows).toEqual([
        { id: 3, name: 'x', at_ms: T0 + 2, image: null },
        { id: 2, name: 'x', at_ms: T0 + 1, image: null },
        { id: 1, name: '甲', at_ms: T0, image: Buffer.from([0, 1, 2, 255]) },
      ]);
      expect(await a.get<ProbeRow>('SELECT id, name, at_ms, image FROM runner_probe WHERE name = ? AND id = ?', ['甲', 1])).toEqual(rows[2]);
      expect(await a.get('SELECT id FROM runner_probe WHERE id = ?', [42])).toBeUndefined();
      expect(await a.all('SELECT id FROM runner_probe WHERE id = ?', [42])).toEqual([]);
    });

    it('rejects with the driver’s error, which isDataError recognises as the write’s own fault', async (ctx) => {
      if (!store) return ctx.skip();
      const refused = await a.run(INSERT, [1, 'again', T0, null]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Error);
      expect(isDataError(refused)).toBe(true);
      expect((await b.get<ProbeRow>('SELECT name FROM runner_probe WHERE id = ?', [1]))?.name).toBe('甲');
    });

    it('runs a transaction’s statements in order, feeding each result back, and commits them together', async (ctx) => {
      if (!store) return ctx.skip();
      const result = await a.transaction(function* () {
        const inserted = yield* step.run(INSERT, [10, 'tx', T0 + 10, null]);
        const row = yield* step.get<ProbeRow>('SELECT id, name FROM runner_probe WHERE id = ?', [10]);
        const rows = yield* step.all<ProbeRow>('SELECT id FROM runner_probe WHERE id >= ? ORDER BY id', [3]);
        return { inserted, name: row?.name, ids: rows.map((r) => r.id) };
      });
      expect(result).toEqual({ inserted: 1, name: 'tx', ids: [3, 10] });
      expect((await b.get<ProbeRow>('SELECT name FROM runner_probe WHERE id = ?', [10]))?.name).toBe('tx');
    });

    it('rolls a transaction back whole when a statement fails, and rejects with the driver’s error', async (ctx) => {
      if (!store) return ctx.skip();
      const refused = await a
        .transaction(function* () {
          yield* step.run(INSERT, [11, 'rolled back', T0 + 11, null]);
          yield* step.run(INSERT, [1, 'taken', T0, null]);
        })
        .catch((error: unknown) => error);
      expect(isDataError(refused)).toBe(true);
      expect(await b.get('SELECT id FROM runner_probe WHERE id = ?', [11])).toBeUndefined();
      // The connection is usable again afterwards, outside any transaction.
      expect(await a.run('DELETE FROM runner_probe WHERE id = ?', [10])).toBe(1);
    });
  });
}

contract('SQLite', () => sqliteStore((db) => sqliteRunner(db)));

contract('PostgreSQL', () => postgresStore((pool) => postgresRunner(pool)));
