/** Beijing's offset from UTC: a moment written without one is the city's wall-clock time. */
const BEIJING_OFFSET = '+08:00';

/**
 * A moment in the wall's address (`?at=`): epoch ms, or a date and time of Beijing
 * (2026-12-06T14:03, seconds optional) or with its own offset; null when absent or unreadable.
 */
export function momentOfQuery(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}${BEIJING_OFFSET}`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

/** A moment as a `datetime-local` input holds it: Beijing time to the minute. */
export function beijingInputValue(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}
