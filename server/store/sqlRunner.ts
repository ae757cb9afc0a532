/** A value bound to a `?`: what both drivers accept (no booleans or undefined: better-sqlite3 refuses them). */
export type SqlParam = string | number | bigint | Buffer | null;

/** One statement of a transaction's work, as the work hands it to the runner; the runner sends back its result. */
export interface SqlStep {
  kind: 'run' | 'get' | 'all';
  sql: string;
  params: readonly SqlParam[];
}

/**
 * The work of one transaction, written as a generator so that it is written once yet runs on
 * either driver: each `yield*` of a `step` hands one statement to the runner and resumes with its
 * result. SQLite runs the whole generator synchronously inside one transaction (nothing else on
 * the connection can slip in between its statements); PostgreSQL awaits each statement on one
 * pooled connection between BEGIN and COMMIT. A failing statement rolls back and rejects the
 * transaction: the work cannot catch it.
 */
export type SqlWork<T> = Generator<SqlStep, T, unknown>;

/** The statements a transaction's work yields (`yield* step.run(…)`), typed as SqlRunner's methods are. */
export const step = {
  *run(sql: string, params: readonly SqlParam[] = []): Generator<SqlStep, number, unknown> {
    return (yield { kind: 'run', sql, params }) as number;
  },
  *get<Row>(sql: string, params: readonly SqlParam[] = []): Generator<SqlStep, Row | undefined, unknown> {
    return (yield { kind: 'get', sql, params }) as Row | undefined;
  },
  *all<Row>(sql: string, params: readonly SqlParam[] = []): Generator<SqlStep, Row[], unknown> {
    return (yield { kind: 'all', sql, params }) as Row[];
  },
};

/**
 * The one way repositories written once reach either store. SQL is written once, with `?`
 * placeholders in order; the PostgreSQL runner numbers them `$1…$n`. So a `?` must only ever be
 * a placeholder: never inside a string literal, a quoted identifier or a comment, and never
 * PostgreSQL's JSONB `?` operators. SQL texts must be constants (values always bound, never
 * spliced in): each runner caches per text, so the set of texts must stay small and fixed.
 */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  /** An INSERT, UPDATE or DELETE; resolves with how many rows it changed, once committed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Every row a query returns, in its ORDER BY. */
  all<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** The first row a query returns, if any. */
  get<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row | undefined>;
  /**
   * Runs `work` as one transaction (see SqlWork), resolving with what it returns once committed.
   * SQLite: IMMEDIATE, so the write lock is taken first and nodes sharing the file take turns.
   * PostgreSQL: READ COMMITTED; rows an UPDATE or DELETE touched stay locked until COMMIT.
   */
  transaction<T>(work: () => SqlWork<T>): Promise<T>;
}
