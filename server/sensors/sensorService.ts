import type { AlertLevel, AlarmView, SensorKind, SensorReading, SensorRecord, SensorSummary, WaterPointView } from '../../common/domain/sensors.ts';
import { offlineAfterMs, SENSOR_KINDS, SENSOR_UNITS } from '../../common/domain/sensors.ts';
import { assessReading, opensEvent } from '../../common/domain/sensorThresholds.ts';
import type { Place } from '../auth/areaPolicy.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { WALL_DELTA_EVENTS, WALL_SNAPSHOT_ALARMS, type DepthTrend, type WallSensorDelta, type WallSensors } from '../../common/socketCatalogue.ts';
import type { EventService } from '../events/eventService.ts';
import { AlertTracker } from './alertTracker.ts';
import { DeviceState } from './deviceState.ts';
import { type AcceptedReading, checkReadings } from './readingIntake.ts';

export type IngestResult = { ok: true; accepted: number; alertsOpened: number; alertsClosed: number } | { ok: false; field: string; error: string };

/** The wall's summary is recomputed (a scan of every device) at most this often, ms. */
const SUMMARY_EVERY_MS = 5_000;
/** A gauge's depth change smaller than this (cm) is not worth a wall update on its own. */
const WATER_DELTA_CM = 0.5;

/** What the sensor service is built from. */
export interface SensorServiceOptions {
  registry: SensorRegistry;
  geo: CityGeography;
  events: EventService;
  clock: () => number;
  /** The lowest waterlogging level that opens an event now (it depends on the operating mode). */
  waterEventLevel: () => AlertLevel;
}

/**
 * The city's sensing: takes batches of readings, keeps each device's latest state and health,
 * turns alerts into events (through AlertTracker), and tells the walls what changed — coalesced
 * per device, so their traffic is bounded by the number of points, not the rate of readings.
 */
export class SensorService {
  private readonly state: DeviceState;
  private readonly alerts: AlertTracker;
  private readonly districtCodes: string[];
  private readonly lastHeardMs: SensorSummary['lastHeardMs'] = { waterlogging: null, iot: null, camera: null };
  private readonly changedWater = new Set<number>();
  private readonly changedAlarms = new Set<number>();
  private readonly shownDepthCm: Float64Array;
  private summaryCache: SensorSummary | null = null;
  private summaryDirty = true;
  private lastDeltaSummaryMs = 0;
  private readonly takenListeners: ((readings: AcceptedReading[]) => void)[] = [];
  readonly registry: SensorRegistry;
  private readonly geo: CityGeography;
  private readonly clock: () => number;
  private readonly waterEventLevel: () => AlertLevel;

  constructor({ registry, geo, events, clock, waterEventLevel }: SensorServiceOptions) {
    this.registry = registry;
    this.geo = geo;
    this.clock = clock;
    this.waterEventLevel = waterEventLevel;
    this.state = new DeviceState(registry.size, registry.ranges.waterlogging.count);
    this.alerts = new AlertTracker(registry, events);
    this.districtCodes = geo.districts.map((d) => d.code);
    this.shownDepthCm = new Float64Array(registry.ranges.waterlogging.count).fill(Number.NaN);
    for (const { index, level } of this.alerts.restored()) this.state.record(index, 0, Number.NaN, level);
  }

  /** Where a device stands in the hierarchy (for the area rule), or null for an unknown id. */
  placeOf(sensorId: string): Place | null {
    const index = this.registry.indexOf(sensorId);
    if (index < 0) return null;
    const grid = this.geo.grids[this.registry.grid[index]!]!;
    const street = this.geo.streets[this.geo.communities[grid.community]!.street]!;
    return { districtCode: this.geo.districts[street.district]!.code, streetCode: street.code };
  }

  /**
   * Takes a batch: all readings checked first (a bad one refuses the batch, naming its field,
   * and changes nothing), then applied in order; resolves when the events they opened or closed
   * are committed.
   */
  async ingest(readings: readonly SensorReading[]): Promise<IngestResult> {
    const checked = checkReadings(this.registry, readings, this.clock());
    if (!checked.ok) return checked;
    this.apply(checked.readings, true);
    // Told before the events they open are committed: every node knows the alert before its event.
    for (const listener of this.takenListeners) listener(checked.readings);
    const { opened, closed } = await this.alerts.flush();
    return { ok: true, accepted: readings.length, alertsOpened: opened, alertsClosed: closed };
  }

  /** Called with each batch of readings this node took, checked: what the other nodes are told. */
  onTaken(listener: (readings: AcceptedReading[]) => void): void {
    this.takenListeners.push(listener);
  }

  /** Readings another node took (and acts on): every node keeps the same picture of the devices. */
  applyRelayed(readings: readonly AcceptedReading[]): void {
    this.apply(readings, false);
  }

  /** The alerts' lease holder's round: opens and resolves what a node that died left undone. */
  reconcileAlerts(): Promise<{ opened: number; closed: number }> {
    return this.alerts.reconcile(this.clock());
  }

  private apply(readings: readonly AcceptedReading[], act: boolean): void {
    const now = this.clock();
    const { registry, state } = this;
    const waterLevel = this.waterEventLevel();
    const water = registry.ranges.waterlogging;
    for (const { index, atMs, value } of readings) {
      const previous = state.previous(index);
      // Late readings (older than the latest) still prove the device alive but change nothing.
      if (previous && atMs < previous.atMs) continue;
      const kind = registry.kindOf(index);
      const level = assessReading(kind, value, previous && Number.isFinite(previous.value) ? previous : null, atMs);
      const before = state.level(index);
      state.record(index, atMs, value, level);
      this.alerts.update(index, level, value, atMs, opensEvent(kind, level, waterLevel), act);
      if (kind === 'waterlogging') {
        const point = index - water.start;
        state.sampleDepth(point, atMs, value);
        if (level !== before || !(Math.abs(value - this.shownDepthCm[point]!) < WATER_DELTA_CM)) this.changedWater.add(point);
        this.lastHeardMs.waterlogging = now;
      } else if (kind === 'camera') this.lastHeardMs.camera = now;
      else {
        this.lastHeardMs.iot = now;
        if (level !== before) this.changedAlarms.add(index);
      }
    }
    this.summaryDirty = true;
  }

  private online(index: number, now: number): boolean {
    const seen = this.state.lastSeenMs[index]!;
    return seen > 0 && now - seen <= offlineAfterMs(this.registry.kindOf(index));
  }

  /** Counts, online rates and alarms per kind and district; a scan of every device, cached briefly. */
  summary(): SensorSummary {
    const now = this.clock();
    if (this.summaryCache && !this.summaryDirty && now - this.summaryCache.asOfMs < SUMMARY_EVERY_MS) return this.summaryCache;
    const { registry } = this;
    const lastSeen = this.state.lastSeenMs;
    const byKind = {} as SensorSummary['byKind'];
    const districtTotal = new Uint32Array(this.districtCodes.length);
    const districtOnline = new Uint32Array(this.districtCodes.length);
    const alarming = Object.fromEntries(SENSOR_KINDS.map((k) => [k, 0])) as Record<SensorKind, number>;
    for (const index of this.alerts.activeIndices()) alarming[registry.kindOf(index)]++;
    for (const kind of SENSOR_KINDS) {
      const { start, count } = registry.ranges[kind];
      const since = now - offlineAfterMs(kind);
      let online = 0;
      for (let i = start; i < start + count; i++) {
        const d = registry.district[i]!;
        districtTotal[d]!++;
        if (lastSeen[i]! > 0 && lastSeen[i]! >= since) {
          online++;
          districtOnline[d]!++;
        }
      }
      byKind[kind] = { total: count, online, alarming: alarming[kind] };
    }
    const byDistrict: SensorSummary['byDistrict'] = {};
    this.districtCodes.forEach((code, d) => (byDistrict[code] = { total: districtTotal[d]!, online: districtOnline[d]! }));
    this.summaryCache = { asOfMs: now, byKind, byDistrict, lastHeardMs: { ...this.lastHeardMs } };
    this.summaryDirty = false;
    return this.summaryCache;
  }

  /** The registry, filtered by kind and district, a page at a time. */
  list(query: { kind?: SensorKind; district?: string; limit: number; offset: number }): { total: number; sensors: SensorRecord[] } {
    const districtIndex = query.district === undefined ? -1 : this.districtCodes.indexOf(query.district);
    if (query.district !== undefined && districtIndex < 0) return { total: 0, sensors: [] };
    const kinds = query.kind ? [query.kind] : SENSOR_KINDS;
    const now = this.clock();
    let total = 0;
    const sensors: SensorRecord[] = [];
    for (const kind of kinds) {
      const { start, count } = this.registry.ranges[kind];
      for (let i = start; i < start + count; i++) {
        if (districtIndex >= 0 && this.registry.district[i] !== districtIndex) continue;
        if (total >= query.offset && sensors.length < query.limit) sensors.push(this.record(i, now));
        total++;
      }
    }
    return { total, sensors };
  }

  record(index: number, now = this.clock()): SensorRecord {
    const { registry, state } = this;
    const kind = registry.kindOf(index);
    const seen = state.lastSeenMs[index]!;
    return {
      id: registry.id(index),
      kind,
      name: kind === 'waterlogging' ? registry.sites[index - registry.ranges.waterlogging.start]!.name : null,
      lng: registry.lng[index]!,
      lat: registry.lat[index]!,
      districtCode: this.districtCodes[registry.district[index]!]!,
      gridCode: this.geo.grids[registry.grid[index]!]!.code,
      lastSeenMs: seen > 0 ? seen : null,
      online: this.online(index, now),
      value: Number.isFinite(state.value[index]) ? state.value[index]! : null,
      unit: SENSOR_UNITS[kind],
      level: state.level(index),
    };
  }

  /** A waterlogging point's recent depths; null for an unknown id or another kind. */
  trend(id: string): DepthTrend | null {
    const index = this.registry.indexOf(id);
    if (index < 0 || this.registry.kindOf(index) !== 'waterlogging') return null;
    const point = index - this.registry.ranges.waterlogging.start;
    return { id, name: this.registry.sites[point]!.name, points: this.state.trend(point) };
  }

  private waterView(point: number): WaterPointView {
    const index = this.registry.ranges.waterlogging.start + point;
    const value = this.state.value[index]!;
    const depthCm = Number.isFinite(value) ? Math.round(value * 10) / 10 : 0;
    this.shownDepthCm[point] = depthCm;
    return {
      id: this.registry.id(index),
      name: this.registry.sites[point]!.name,
      lng: this.registry.lng[index]!,
      lat: this.registry.lat[index]!,
      depthCm,
      level: this.state.level(index),
      atMs: this.state.lastSeenMs[index]!,
    };
  }

  private alarmView(index: number): AlarmView {
    const kind = this.registry.kindOf(index);
    return {
      sensorId: this.registry.id(index),
      kind,
      lng: this.registry.lng[index]!,
      lat: this.registry.lat[index]!,
      districtCode: this.districtCodes[this.registry.district[index]!]!,
      level: this.state.level(index),
      value: this.state.value[index]!,
      unit: SENSOR_UNITS[kind],
      sinceMs: this.alerts.sinceMs(index) ?? this.state.lastSeenMs[index]!,
    };
  }

  /** What a wall needs from scratch. */
  wallSnapshot(): WallSensors {
    const water = Array.from({ length: this.registry.ranges.waterlogging.count }, (_, p) => this.waterView(p));
    const alarms: AlarmView[] = [];
    for (const index of this.alerts.activeIndices()) if (this.registry.kindOf(index) !== 'waterlogging') alarms.push(this.alarmView(index));
    alarms.sort((a, b) => b.sinceMs - a.sinceMs);
    return { water, alarms: alarms.slice(0, WALL_SNAPSHOT_ALARMS), summary: this.summary() };
  }

  /** The sensors' places as a wall draws them, with no reading and no alarm: for a past no reading was kept of. */
  wallSnapshotUnheard(): WallSensors {
    const { registry } = this;
    const water = Array.from({ length: registry.ranges.waterlogging.count }, (_, p): WaterPointView => {
      const index = registry.ranges.waterlogging.start + p;
      return { id: registry.id(index), name: registry.sites[p]!.name, lng: registry.lng[index]!, lat: registry.lat[index]!, depthCm: 0, level: 'none', atMs: 0 };
    });
    return { water, alarms: [], summary: { ...this.summary(), lastHeardMs: { waterlogging: null, iot: null, camera: null } } };
  }

  /** Another node sent the walls this round's changes: they are not sent again from here. */
  clearWallDelta(): void {
    this.changedWater.clear();
    this.changedAlarms.clear();
  }

  /** Changes since the previous call, bounded; null when nothing changed and the summary is fresh. */
  takeWallDelta(): WallSensorDelta | null {
    const now = this.clock();
    const summaryDue = now - this.lastDeltaSummaryMs >= SUMMARY_EVERY_MS;
    if (this.changedWater.size === 0 && this.changedAlarms.size === 0 && !summaryDue) return null;
    const water = [...this.changedWater].map((p) => this.waterView(p));
    this.changedWater.clear();
    const changed = [...this.changedAlarms].map((i) => this.alarmView(i)).sort((a, b) => b.sinceMs - a.sinceMs);
    this.changedAlarms.clear();
    const alarms = changed.slice(0, WALL_DELTA_EVENTS);
    if (summaryDue) this.lastDeltaSummaryMs = now;
    return { water, alarms, alarmsOmitted: changed.length - alarms.length, summary: summaryDue ? this.summary() : null };
  }
}
