/** A value bound to a `?`: what both drivers accept (no booleans or undefined: better-sqlite3 refuses them). */
export type SqlParam = string | number | bigint | Buffer | null;

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
}
