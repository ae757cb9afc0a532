import type pg from 'pg';
import type { SqlParam, SqlRunner } from './sqlRunner.ts';
// Imported for its side effect too: BIGINT columns (ids and times) read back as numbers.
import './postgresDatabase.ts';

/** `?` placeholders numbered `$1…$n` in order; see SqlRunner for where a `?` may not appear. */
export function postgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * SqlRunner on a PostgreSQL pool: each statement on whichever pooled connection is free, so
 * committed when it resolves. The numbered text is computed once per SQL text and kept (the texts
 * are a fixed set, see SqlRunner).
 */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  const numbered = new Map<string, string>();
  const query = async <Row extends pg.QueryResultRow>(sql: string, params: readonly SqlParam[]) => {
    let text = numbered.get(sql);
    if (text === undefined) {
      text = postgresPlaceholders(sql);
      numbered.set(sql, text);
    }
    return pool.query<Row>(text, params as SqlParam[]);
  };
  return {
    dialect: 'postgres',
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    all: async <Row>(sql: string, params: readonly SqlParam[] = []) => (await query(sql, params)).rows as Row[],
    get: async <Row>(sql: string, params: readonly SqlParam[] = []) => (await query(sql, params)).rows[0] as Row | undefined,
  };
}
