import { SENSOR_UNITS, type SensorReading } from '../../common/domain/sensors.ts';
import { PLACES } from '../../common/geo/places.ts';
import { toKm } from '../../common/geo/projection.ts';
import { deriveSeed, type RandomSource, seededRandom } from '../../common/geo/random.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { hash01, quietValue } from '../generators/deviceValues.ts';
import { buildHeartbeatSchedule, type HeartbeatSchedule, heartbeatsDue } from '../generators/heartbeats.ts';
import { type AlarmSource, BACKGROUND_ALARMS_PER_H, BACKGROUND_DURATION_MS, drawAlarms, type IotKind } from '../generators/iotAlarms.ts';
import { pickDeepSite } from '../generators/floodEvents.ts';
import { nextDepthCm } from '../generators/waterDepth.ts';

/** The model advances in fixed steps of simulated time, so a run does not depend on how real ticks fall. */
export const STEP_MS = 10_000;
/** Gauges report every 30–60 s of simulated time. */
const GAUGE_INTERVAL_MS = [30_000, 60_000] as const;
const MINUTE_MS = 60_000;
/** Rain-driven alarms per hour, per mm/h of rain (≈ 50 lifted manholes an hour at 200 mm/h). */
const RAIN_ALARMS_PER_H_PER_MM = { manholeCover: 0.25, streetLight: 0.15, signalLamp: 0.08, elevator: 0.06 } as const;
const RAIN_ALARM_DURATION_MS = [30 * MINUTE_MS, 120 * MINUTE_MS] as const;
/** Manhole covers lifted by the water lie within this distance of a flooded point. */
const NEAR_SITE_KM = 1.5;
const NEAR_SITE_COVERS = 30;
/** Entrapments in the core: lifts stop when basements and switch rooms flood. */
const CORE_RADIUS_KM = 6;
/** On a quiet day a third of lift alarms are people trapped, the rest faults. */
const TRAPPED_SHARE = 1 / 3;

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The sensed city in simulated time: the depth at every waterlogging point under the rain, the
 * IoT alarms that start and clear, and what every device says when its heartbeat is due. No
 * network and no clock of its own: callers pass the simulated time and the real timestamp
 * (`atMs`) readings carry, so the same seed gives the same readings in the same order.
 */
export class SensorWorld {
  readonly schedule: HeartbeatSchedule;
  readonly depthsCm: Float64Array;
  readonly lowness: Float64Array;
  readonly sitePositions: LngLat[];
  /** Active alarms by device index: the value reported until the simulated time it clears. */
  readonly alarms = new Map<number, { value: number; untilMs: number }>();
  readonly tally = { alarmsStarted: 0, alarmsCleared: 0, gaugeReadings: 0 };
  private readonly gaugeDueMs: Float64Array;
  private readonly alarmRandom: RandomSource;
  private readonly gaugeRandom: RandomSource;
  private readonly quietSeed: number;
  private readonly coversNearSite: Int32Array[];
  private readonly coreLifts: Int32Array;
  /** The simulated time of the last step run. */
  lastStepMs: number;
  private readonly stepListeners: ((simMs: number, rainMmPerH: number) => void)[] = [];
  rainMmPerH = 0;
  /** Rain fallen since the start, mm. */
  rainTotalMm = 0;

  constructor(
    readonly registry: SensorRegistry,
    seed: number,
    startSimMs: number,
    private readonly rainAt: (simMs: number) => number = () => 0,
  ) {
    this.schedule = buildHeartbeatSchedule(registry, seed);
    this.alarmRandom = seededRandom(deriveSeed(seed, 'alarms'));
    this.gaugeRandom = seededRandom(deriveSeed(seed, 'gauges'));
    this.quietSeed = deriveSeed(seed, 'quiet');
    const { start, count } = registry.ranges.waterlogging;
    this.depthsCm = new Float64Array(count);
    this.lowness = Float64Array.from(registry.sites, (s) => s.lowness);
    this.sitePositions = Array.from({ length: count }, (_, i): LngLat => [registry.lng[start + i]!, registry.lat[start + i]!]);
    this.gaugeDueMs = Float64Array.from({ length: count }, () => startSimMs + this.gaugeRandom.next() * GAUGE_INTERVAL_MS[0]);
    this.coversNearSite = this.sitePositions.map((p) => this.nearest('manholeCover', p, NEAR_SITE_KM, NEAR_SITE_COVERS));
    const core = PLACES.find((p) => p.name === '二七塔商圈')!.position;
    this.coreLifts = this.nearest('elevator', core, CORE_RADIUS_KM, Infinity);
    this.lastStepMs = startSimMs;
  }

  /** Called after every step with its simulated time and rain (flood reports follow the same steps). */
  onStep(listener: (simMs: number, rainMmPerH: number) => void): void {
    this.stepListeners.push(listener);
  }

  /** Runs every step due by `simMs`; returns the gauge reports and the alarms that started or cleared. */
  advanceTo(simMs: number, atMs: number): SensorReading[] {
    const readings: SensorReading[] = [];
    while (this.lastStepMs + STEP_MS <= simMs) {
      this.lastStepMs += STEP_MS;
      this.step(this.lastStepMs, atMs, readings);
    }
    return readings;
  }

  /** Heartbeats due in [fromMs, toMs) real ms since the feed started, each device's current value. */
  heartbeats(fromMs: number, toMs: number, atMs: number): SensorReading[] {
    const { devices, rounds } = heartbeatsDue(this.schedule, fromMs, toMs);
    return devices.map((index, i) => this.reading(index, atMs, rounds[i]!));
  }

  /** The deepest point now: its index among the sites, and depth. */
  deepest(): { site: number; depthCm: number } {
    let site = 0;
    for (let i = 1; i < this.depthsCm.length; i++) if (this.depthsCm[i]! > this.depthsCm[site]!) site = i;
    return { site, depthCm: this.depthsCm[site] ?? 0 };
  }

  private step(simMs: number, atMs: number, readings: SensorReading[]): void {
    const rain = (this.rainMmPerH = this.rainAt(simMs));
    this.rainTotalMm += (rain * STEP_MS) / 3_600_000;
    const sites = this.registry.sites;
    for (let i = 0; i < sites.length; i++) this.depthsCm[i] = nextDepthCm(sites[i]!, this.depthsCm[i]!, rain, STEP_MS);

    for (const [index, alarm] of this.alarms) {
      if (alarm.untilMs > simMs) continue;
      this.alarms.delete(index);
      this.tally.alarmsCleared++;
      readings.push(this.reading(index, atMs, Math.floor(simMs / STEP_MS)));
    }
    for (const start of drawAlarms(this.alarmRandom, this.alarmSources(rain), simMs, STEP_MS)) {
      if (this.alarms.has(start.index)) continue;
      this.alarms.set(start.index, { value: start.value, untilMs: start.untilMs });
      this.tally.alarmsStarted++;
      readings.push(this.reading(start.index, atMs, 0));
    }

    const { start } = this.registry.ranges.waterlogging;
    for (let i = 0; i < this.gaugeDueMs.length; i++) {
      if (this.gaugeDueMs[i]! > simMs) continue;
      this.gaugeDueMs[i] = simMs + GAUGE_INTERVAL_MS[0] + this.gaugeRandom.next() * (GAUGE_INTERVAL_MS[1] - GAUGE_INTERVAL_MS[0]);
      if (this.schedule.silent[start + i]) continue;
      this.tally.gaugeReadings++;
      readings.push(this.reading(start + i, atMs, 0));
    }
    for (const listener of this.stepListeners) listener(simMs, rain);
  }

  private reading(index: number, atMs: number, round: number): SensorReading {
    const kind = this.registry.kindOf(index);
    const alarm = this.alarms.get(index);
    const value = kind === 'waterlogging' ? round1(this.depthsCm[index - this.registry.ranges.waterlogging.start]!) : alarm ? alarm.value : quietValue(kind, hash01(this.quietSeed, index, round));
    return { sensorId: this.registry.id(index), atMs, value, unit: SENSOR_UNITS[kind] };
  }

  /** Background alarms always; with rain, lifted covers by the flooded points, lamps out, people stuck in lifts. */
  private alarmSources(rainMmPerH: number): AlarmSource[] {
    const anyOf = (kind: IotKind) => (random: RandomSource) => this.usable(this.registry.ranges[kind].start + random.int(this.registry.ranges[kind].count));
    const sources: AlarmSource[] = (Object.keys(BACKGROUND_ALARMS_PER_H) as IotKind[]).map((kind) => ({
      kind,
      perHour: BACKGROUND_ALARMS_PER_H[kind] * (kind === 'elevator' ? 1 - TRAPPED_SHARE : 1),
      durationMs: BACKGROUND_DURATION_MS,
      pick: anyOf(kind),
    }));
    sources.push({ kind: 'elevator', perHour: BACKGROUND_ALARMS_PER_H.elevator * TRAPPED_SHARE, durationMs: BACKGROUND_DURATION_MS, trapped: true, pick: anyOf('elevator') });
    if (rainMmPerH <= 0) return sources;
    const perHour = (kind: keyof typeof RAIN_ALARMS_PER_H_PER_MM) => RAIN_ALARMS_PER_H_PER_MM[kind] * rainMmPerH;
    sources.push(
      {
        kind: 'manholeCover',
        perHour: perHour('manholeCover'),
        durationMs: RAIN_ALARM_DURATION_MS,
        pick: (random) => {
          const covers = this.coversNearSite[pickDeepSite(random, this.depthsCm, this.lowness)]!;
          return covers.length ? this.usable(covers[random.int(covers.length)]!) : -1;
        },
      },
      { kind: 'streetLight', perHour: perHour('streetLight'), durationMs: RAIN_ALARM_DURATION_MS, pick: anyOf('streetLight') },
      { kind: 'signalLamp', perHour: perHour('signalLamp'), durationMs: RAIN_ALARM_DURATION_MS, pick: anyOf('signalLamp') },
      {
        kind: 'elevator',
        perHour: perHour('elevator'),
        durationMs: RAIN_ALARM_DURATION_MS,
        trapped: true,
        pick: (random) => (this.coreLifts.length ? this.usable(this.coreLifts[random.int(this.coreLifts.length)]!) : -1),
      },
    );
    return sources;
  }

  /** A device that reports and is not already in alarm, or -1. */
  private usable(index: number): number {
    return this.schedule.silent[index] || this.alarms.has(index) ? -1 : index;
  }

  /** Up to `limit` devices of a kind within `radiusKm` of a point, nearest first. */
  private nearest(kind: IotKind, point: LngLat, radiusKm: number, limit: number): Int32Array {
    const { start, count } = this.registry.ranges[kind];
    const xy = this.kmOf(kind);
    const [px, py] = toKm(point[0], point[1]);
    const found: { index: number; km: number }[] = [];
    for (let i = 0; i < count; i++) {
      const km = Math.hypot(xy[2 * i]! - px, xy[2 * i + 1]! - py);
      if (km <= radiusKm) found.push({ index: start + i, km });
    }
    found.sort((a, b) => a.km - b.km || a.index - b.index);
    return Int32Array.from(found.slice(0, limit), (f) => f.index);
  }

  private readonly kmCache = new Map<IotKind, Float64Array>();
  /** A kind's device positions on the plane, km, interleaved x, y. */
  private kmOf(kind: IotKind): Float64Array {
    let xy = this.kmCache.get(kind);
    if (xy) return xy;
    const { start, count } = this.registry.ranges[kind];
    xy = new Float64Array(2 * count);
    for (let i = 0; i < count; i++) [xy[2 * i], xy[2 * i + 1]] = toKm(this.registry.lng[start + i]!, this.registry.lat[start + i]!);
    this.kmCache.set(kind, xy);
    return xy;
  }
}
