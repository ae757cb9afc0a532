import type pg from 'pg';
import { inTransaction } from './postgresTransaction.ts';
import type { SqlParam, SqlRunner, SqlWork } from './sqlRunner.ts';
// Imported for its side effect too: BIGINT columns (ids and times) read back as numbers.
import './postgresDatabase.ts';

/** `?` placeholders numbered `$1…$n` in order; see SqlRunner for where a `?` may not appear. */
export function postgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * SqlRunner on a PostgreSQL pool: each statement on whichever pooled connection is free, so
 * committed when it resolves; a transaction on one connection of its own. The numbered text is
 * computed once per SQL text and kept (the texts are a fixed set, see SqlRunner).
 */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  const numbered = new Map<string, string>();
  const query = async <Row extends pg.QueryResultRow>(on: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlParam[]) => {
    let text = numbered.get(sql);
    if (text === undefined) {
      text = postgresPlaceholders(sql);
      numbered.set(sql, text);
    }
    return on.query<Row>(text, params as SqlParam[]);
  };
  return {
    dialect: 'postgres',
    run: async (sql, params = []) => (await query(pool, sql, params)).rowCount ?? 0,
    all: async <Row>(sql: string, params: readonly SqlParam[] = []) => (await query(pool, sql, params)).rows as Row[],
    get: async <Row>(sql: string, params: readonly SqlParam[] = []) => (await query(pool, sql, params)).rows[0] as Row | undefined,
    transaction: <T>(work: () => SqlWork<T>) =>
      inTransaction(pool, async (client) => {
        const steps = work();
        let next = steps.next();
        while (!next.done) {
          const { kind, sql, params } = next.value;
          const result = await query(client, sql, params);
          next = steps.next(kind === 'run' ? (result.rowCount ?? 0) : kind === 'get' ? result.rows[0] : result.rows);
        }
        return next.value;
      }),
  };
}
