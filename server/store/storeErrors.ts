/**
 * Whether a store's error is about the data of one write — a value it cannot keep, a constraint,
 * a limit — rather than about the store itself (the disk, the connection, the server gone). A
 * write refused for its data fails its own request; only a store that cannot write at all stops
 * the node.
 *
 * PostgreSQL: SQLSTATE class 22 (data exception: NUL in text, untranslatable character, value out
 * of range), 23 (integrity constraint) and 54 (program limit exceeded). SQLite: a constraint, a
 * value too big, a type mismatch or a bind out of range.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (/^(22|23|54)[0-9A-Z]{3}$/.test(code)) return true;
  return /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/.test(code);
}
