/** Beijing time is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of the Beijing midnight that starts the day containing `ms`. */
export function beijingDayStartMs(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
}

/** Hour of the Beijing day, 0–23. */
export function beijingHour(ms: number): number {
  return Math.floor(((ms + BEIJING_OFFSET_MS) % DAY_MS) / 3_600_000);
}
