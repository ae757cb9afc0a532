import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { EventChangeType } from '../../common/domain/eventChanges.ts';
import { jsonColumn } from './rowMappers.ts';
import type { SqlRunner } from './sqlRunner.ts';

/**
 * The change feed read by time, on either store (SQL written once): each change holds the event as
 * it was, so the feed is the events' history — what replay rebuilds a past wall from and what the
 * handover brief counts. Kept CHANGE_RETENTION_DAYS.
 */
export class ChangeLog {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Each event changed between `fromMs` and `atMs` (the city's time) as its last change up to
   * `atMs` left it, the most recently changed first, at most `limit`.
   */
  async eventsAsOf(fromMs: number, atMs: number, limit: number): Promise<CityEvent[]> {
    const rows = await this.sql.all<{ body: unknown }>(
      'SELECT body FROM event_changes WHERE seq IN (SELECT MAX(seq) FROM event_changes WHERE at_ms >= ? AND at_ms <= ? GROUP BY event_id) ORDER BY seq DESC LIMIT ?',
      [fromMs, atMs, limit],
    );
    return rows.map((r) => jsonColumn<CityEvent>(r.body));
  }

  /** The changes of a kind made between `fromMs` and `toMs` (the city's time), oldest first, at most `limit`. */
  async changedBetween(type: EventChangeType, fromMs: number, toMs: number, limit: number): Promise<{ atMs: number; event: CityEvent }[]> {
    const rows = await this.sql.all<{ at_ms: number | string; body: unknown }>('SELECT at_ms, body FROM event_changes WHERE type = ? AND at_ms >= ? AND at_ms <= ? ORDER BY seq LIMIT ?', [
      type,
      fromMs,
      toMs,
      limit,
    ]);
    return rows.map((r) => ({ atMs: Number(r.at_ms), event: jsonColumn<CityEvent>(r.body) }));
  }
}
