import { z } from 'zod';

/** NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one (matched by UTF-16 unit: no `u` flag). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text that every store can keep. PostgreSQL refuses NUL (U+0000) in text and JSON, and UTF-8
 * cannot carry a lone surrogate (U+D800–U+DFFF without its pair); SQLite would keep either, so
 * without one rule the same report is stored on one engine and fails the write on the other.
 * Everything else — bidi controls, 4-byte characters, combining marks — is kept as sent (caps on
 * length bound it).
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

export const UNSTORABLE_TEXT = 'must not contain NUL characters or unpaired surrogates';

/**
 * The one schema for free text that crosses a boundary: a string, trimmed, at most `maxChars`
 * UTF-16 units, refused when no store can keep it. Callers add `.min(1, …)` where text is
 * required.
 */
export function storableText(maxChars: number) {
  return z.string({ error: 'must be a string' }).trim().max(maxChars, `must be at most ${maxChars} characters`).refine(isStorableText, UNSTORABLE_TEXT);
}

/** The same rule for an identifier or key that is not trimmed (a lookup key is taken as sent). */
export function storableKey(maxChars: number) {
  return z.string({ error: 'must be a string' }).max(maxChars, `must be at most ${maxChars} characters`).refine(isStorableText, UNSTORABLE_TEXT);
}

/**
 * The first place in a parsed JSON value (or query) holding text no store can keep, as a dotted
 * path ("reporter.name", "readings.3.unit"; a key itself counts), or null. Used at the doors so a
 * field no schema names (kept in a JSON column as sent) is refused as well.
 */
export function unstorablePathOf(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path || 'body';
  // Parsed JSON is at most this deep in practice; past it nothing is walked (and nothing stored as-is).
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return at;
    const found = unstorablePathOf(inner, at, depth + 1);
    if (found) return found;
  }
  return null;
}
