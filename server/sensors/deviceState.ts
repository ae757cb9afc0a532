import { ALERT_LEVELS, type AlertLevel } from '../../common/domain/sensors.ts';

/** Depth samples kept per waterlogging point: 6 hours at one every 30 s. */
const TREND_POINTS = 720;
const TREND_SAMPLE_MS = 30_000;

/**
 * The latest state of every device, columnar so 350,000 devices cost a few megabytes: when it
 * was last heard from, its latest reading and the level that reading stands at. Raw readings are
 * not kept; waterlogging points keep a short depth history for the wall's trend chart.
 */
export class DeviceState {
  /** Reading time of the latest reading, ms; 0 = never heard from. */
  readonly lastSeenMs: Float64Array;
  readonly value: Float64Array;
  private readonly levelIndex: Uint8Array;
  private readonly trendAtMs: Float64Array[];
  private readonly trendDepthCm: Float32Array[];
  private readonly trendCount: Uint32Array;

  constructor(size: number, waterPoints: number) {
    this.lastSeenMs = new Float64Array(size);
    this.value = new Float64Array(size).fill(Number.NaN);
    this.levelIndex = new Uint8Array(size);
    this.trendAtMs = Array.from({ length: waterPoints }, () => new Float64Array(TREND_POINTS));
    this.trendDepthCm = Array.from({ length: waterPoints }, () => new Float32Array(TREND_POINTS));
    this.trendCount = new Uint32Array(waterPoints);
  }

  level(index: number): AlertLevel {
    return ALERT_LEVELS[this.levelIndex[index]!]!;
  }

  /** The previous reading, for trend-aware assessment; null before the first. */
  previous(index: number): { value: number; atMs: number; level: AlertLevel } | null {
    const atMs = this.lastSeenMs[index]!;
    return atMs === 0 ? null : { value: this.value[index]!, atMs, level: this.level(index) };
  }

  record(index: number, atMs: number, value: number, level: AlertLevel): void {
    this.lastSeenMs[index] = atMs;
    this.value[index] = value;
    this.levelIndex[index] = ALERT_LEVELS.indexOf(level);
  }

  /** Adds a depth to a waterlogging point's history, at most one sample per TREND_SAMPLE_MS. */
  sampleDepth(point: number, atMs: number, depthCm: number): void {
    const count = this.trendCount[point]!;
    const last = count > 0 ? this.trendAtMs[point]![(count - 1) % TREND_POINTS]! : -Infinity;
    if (atMs - last < TREND_SAMPLE_MS) return;
    this.trendAtMs[point]![count % TREND_POINTS] = atMs;
    this.trendDepthCm[point]![count % TREND_POINTS] = depthCm;
    this.trendCount[point] = count + 1;
  }

  /** A point's depth history, oldest first. */
  trend(point: number): [number, number][] {
    const count = this.trendCount[point]!;
    const kept = Math.min(count, TREND_POINTS);
    const out: [number, number][] = [];
    for (let k = count - kept; k < count; k++) out.push([this.trendAtMs[point]![k % TREND_POINTS]!, Math.round(this.trendDepthCm[point]![k % TREND_POINTS]! * 10) / 10]);
    return out;
  }
}
