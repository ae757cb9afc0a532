import type { TodayStats } from '../../common/domain/stats.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * The hour of today the trend highlights, 0–23 (Beijing). Today's hours are counted in the city's
 * time, which a simulator may run ahead of the clock on the wall, so the hour is the city's:
 * `domainTimeMs` from the wall's feed; `stats.asOfMs` (real time, for freshness) only when the feed
 * has not said it yet (0).
 */
export function highlightedHour(stats: Pick<TodayStats, 'asOfMs'>, domainTimeMs: number): number {
  return new Date((domainTimeMs || stats.asOfMs) + BEIJING_OFFSET_MS).getUTCHours();
}
