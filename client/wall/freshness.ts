import { offlineAfterMs, type SensorSummary } from '../../common/domain/sensors.ts';
import { type StringKey, t } from '../shared/i18n.ts';

export type DataSource = 'events' | 'water' | 'iot' | 'camera';
export const DATA_SOURCES: readonly DataSource[] = ['events', 'water', 'iot', 'camera'];
export const SOURCE_LABEL_KEYS: Record<DataSource, StringKey> = { events: 'sourceEvents', water: 'sourceWater', iot: 'sourceIot', camera: 'sourceCamera' };

/** The server pushes the day's figures at least every 2 s; five missed pushes is not live. */
export const EVENTS_SILENT_AFTER_MS = 10_000;

/**
 * How long each source may be silent before the wall stops calling it live, ms. Events: the
 * server's figures (`stats.asOfMs`), pushed at a fixed cadence whatever the intake — a quiet
 * hour with no reports is not stale data. Gauges: as long as one gauge may be silent before it
 * counts offline. IoT and cameras: hundreds of thousands of devices report between them every
 * second, so two minutes of silence from the whole source means its gateway is down.
 */
const FLEET_SILENT_AFTER_MS = 120_000;
export const SOURCE_SILENT_AFTER_MS: Record<DataSource, number> = {
  events: EVENTS_SILENT_AFTER_MS,
  water: offlineAfterMs('waterlogging'),
  iot: FLEET_SILENT_AFTER_MS,
  camera: FLEET_SILENT_AFTER_MS,
};

export interface SourceFreshness {
  source: DataSource;
  /** live: heard within its cadence over a live link; delayed: silent past it; never: not yet heard. */
  state: 'live' | 'delayed' | 'never';
  /** How long since the source was last heard, ms (server clock); null when never heard. */
  ageMs: number | null;
}

export interface FreshnessInput {
  /** The server's clock now, estimated from its last message. */
  serverNowMs: number;
  linkLive: boolean;
  eventsAsOfMs: number | null;
  lastHeardMs: SensorSummary['lastHeardMs'] | null;
}

/** Pure: how fresh each source is. Over a dead link nothing is live, however recent its figures. */
export function sourceFreshness(input: FreshnessInput): Record<DataSource, SourceFreshness> {
  const heard: Record<DataSource, number | null> = {
    events: input.eventsAsOfMs,
    water: input.lastHeardMs?.waterlogging ?? null,
    iot: input.lastHeardMs?.iot ?? null,
    camera: input.lastHeardMs?.camera ?? null,
  };
  const of = (source: DataSource): SourceFreshness => {
    const at = heard[source];
    if (at === null || at === 0) return { source, state: 'never', ageMs: null };
    const ageMs = Math.max(0, input.serverNowMs - at);
    return { source, state: input.linkLive && ageMs <= SOURCE_SILENT_AFTER_MS[source] ? 'live' : 'delayed', ageMs };
  };
  return { events: of('events'), water: of('water'), iot: of('iot'), camera: of('camera') };
}

/** "数据延迟 2 分钟" (seconds below a minute); empty while the source is live. */
export function delayText(freshness: SourceFreshness): string {
  if (freshness.state === 'never') return t('sourceNever');
  if (freshness.state === 'live' || freshness.ageMs === null) return '';
  const seconds = Math.floor(freshness.ageMs / 1000);
  return seconds < 60 ? `${t('stale')} ${seconds} ${t('seconds')}` : `${t('stale')} ${Math.floor(seconds / 60)} ${t('minutes')}`;
}
