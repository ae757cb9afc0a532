import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { INITIAL_MODE, type ModeState } from '../../common/domain/modes.ts';
import { epochMs } from '../../common/domain/time.ts';
import { WALL_SNAPSHOT_EVENTS, type WallSensors, type WallSnapshot } from '../../common/socketCatalogue.ts';
import { TodayAggregates } from '../events/todayStats.ts';
import { wallDotOf } from '../realtime/wallFeed.ts';
import { beijingDayStartMs } from '../time/beijingDay.ts';
import type { ChangeLog } from '../store/changeLog.ts';

/** Events of a day the rebuild reads at most (a busy day of the whole city is ≈ 20,000). */
const DAY_EVENTS_READ = 200_000;
/** Mode switches looked back through for the mode at a moment. */
const MODE_SWITCHES_READ = 1000;

export interface HistorySources {
  changes: ChangeLog;
  geo: GeoSummary;
  /** The mode switches, newest first. */
  modeHistory: (limit: number) => Promise<ModeState[]>;
  /** The sensors as a wall gets them now: their places, without what they read then (not kept before the record began). */
  sensorsUnheard: () => WallSensors;
}

/**
 * The wall at a moment before the replay record began (a new deployment, an upgrade): rebuilt
 * from what the store kept anyway — the day's events as the change feed has them at that moment
 * (their dots and the day's figures), and the mode then. Waterlogging depths, alarms, workers on
 * duty and broadcasts were not kept for then: the sensors show no reading and no one is counted
 * on duty, so the wall does not show the present as the past.
 */
export async function historySnapshot(atMs: number, sources: HistorySources): Promise<WallSnapshot> {
  const dayStartMs = beijingDayStartMs(atMs);
  const asOf = await sources.changes.eventsAsOf(dayStartMs, atMs, DAY_EVENTS_READ);
  const stats = new TodayAggregates(atMs);
  const oldestFirst = [...asOf].sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  for (const event of oldestFirst) if (event.receivedAtMs <= atMs) stats.apply(null, event);
  const shown = (e: CityEvent) => !e.duplicateOf && e.receivedAtMs <= atMs;
  const events = oldestFirst.filter(shown).reverse().slice(0, WALL_SNAPSHOT_EVENTS).map(wallDotOf);
  const mode = (await sources.modeHistory(MODE_SWITCHES_READ)).find((m) => m.sinceMs <= atMs) ?? INITIAL_MODE;
  return {
    seq: 0,
    serverTimeMs: epochMs(atMs),
    domainTimeMs: epochMs(atMs),
    geo: sources.geo,
    stats: stats.snapshot(atMs),
    events,
    broadcast: null,
    mode,
    sensors: sources.sensorsUnheard(),
    workers: { onDuty: 0, byDistrict: {} },
  };
}
