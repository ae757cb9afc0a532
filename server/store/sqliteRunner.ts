import type Database from 'better-sqlite3';
import type { SqlParam, SqlRunner, SqlStep, SqlWork } from './sqlRunner.ts';

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
  const execute = ({ kind, sql, params }: SqlStep): unknown => {
    const statement = prepared(sql);
    if (kind === 'run') return statement.run(...params).changes;
    return kind === 'get' ? statement.get(...params) : statement.all(...params);
  };
  // Synchronous from first statement to COMMIT: no other caller on this connection can interleave.
  const atomically = db.transaction((work: () => SqlWork<unknown>) => {
    const steps = work();
    let next = steps.next();
    while (!next.done) next = steps.next(execute(next.value));
    return next.value;
  });
  return {
    dialect: 'sqlite',
    run: async (sql, params = []) => prepared(sql).run(...params).changes,
    all: async <Row>(sql: string, params: readonly SqlParam[] = []) => prepared(sql).all(...params) as Row[],
    get: async <Row>(sql: string, params: readonly SqlParam[] = []) => prepared(sql).get(...params) as Row | undefined,
    transaction: async <T>(work: () => SqlWork<T>) => atomically.immediate(work) as T,
  };
}
