/**
 * Column decoders shared by the repositories written once (sql*Repository.ts), where the two
 * stores hand back the same column differently. Each table's row mapper sits beside its
 * repository and uses these.
 */

/**
 * A JSON column: SQLite keeps it as TEXT and hands back the string; PostgreSQL keeps JSONB and
 * hands back the value already parsed (a TEXT column holding JSON is a string on both).
 */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A nullable JSON column, with the same rule; SQL NULL (and an empty string, never written) reads as null. */
export function jsonColumnOrNull<T>(value: unknown): T | null {
  return value === null || value === undefined || value === '' ? null : jsonColumn<T>(value);
}

/** A flag column: SQLite keeps it as INTEGER 0/1, PostgreSQL as BOOLEAN. */
export function flagColumn(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** A flag as bound to a `?`: 0/1, which SQLite stores as is and PostgreSQL reads into a BOOLEAN column or parameter. */
export function flagParam(value: boolean): number {
  return value ? 1 : 0;
}
