import type Database from 'better-sqlite3';
import type { SqlParam, SqlRunner } from './sqlRunner.ts';

/**
 * SqlRunner on the embedded database: each SQL text prepared once and kept (the texts are a fixed
 * set, see SqlRunner). better-sqlite3 is synchronous, so every call has finished (and, outside a
 * transaction, committed) before its promise resolves; a driver error rejects it.
 */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const statements = new Map<string, Database.Statement<SqlParam[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<SqlParam[]>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: 'sqlite',
    run: async (sql, params = []) => prepared(sql).run(...params).changes,
    all: async <Row>(sql: string, params: readonly SqlParam[] = []) => prepared(sql).all(...params) as Row[],
    get: async <Row>(sql: string, params: readonly SqlParam[] = []) => prepared(sql).get(...params) as Row | undefined,
  };
}
