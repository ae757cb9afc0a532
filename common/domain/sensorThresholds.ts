import type { Category } from './categories.ts';
import { type AlertLevel, levelRank, type SensorKind } from './sensors.ts';

/**
 * Thresholds per kind: a level is reached when the value goes past its threshold (above, or below
 * for pressures). An alert clears only once the value is back past the lowest threshold by the
 * hysteresis, so a gauge wavering at the line does not open and close events every minute.
 */
export interface KindThresholds {
  direction: 'above' | 'below';
  /** Lowest level first. */
  levels: readonly (readonly [Exclude<AlertLevel, 'none'>, number])[];
  hysteresis: number;
  /** The event an alert opens (channel iotAlarm); null: the kind raises no events. */
  category: Category | null;
}

export const THRESHOLDS: Record<SensorKind, KindThresholds> = {
  // Depth in cm: 10 wets shoes, 20 reaches a car's exhaust, 30 stalls small cars, 50 floods them.
  waterlogging: {
    direction: 'above',
    levels: [
      ['blue', 10],
      ['yellow', 20],
      ['orange', 30],
      ['red', 50],
    ],
    hysteresis: 3,
    category: 'roadWaterlogging',
  },
  // Obscuration, % per metre.
  smokeDetector: {
    direction: 'above',
    levels: [
      ['orange', 4],
      ['red', 8],
    ],
    hysteresis: 1,
    category: 'smokeInShop',
  },
  // Tilt in degrees: a lifted or displaced cover.
  manholeCover: {
    direction: 'above',
    levels: [
      ['yellow', 5],
      ['orange', 15],
      ['red', 30],
    ],
    hysteresis: 2,
    category: 'manholeCover',
  },
  // % of the lower explosive limit: 20 is the usual low alarm, 50 the high alarm.
  gasLeak: {
    direction: 'above',
    levels: [
      ['orange', 20],
      ['red', 50],
    ],
    hysteresis: 5,
    category: 'gasLeak',
  },
  // Mains pressure in MPa, falling: 0.14 is the minimum service pressure; below 0.07 a burst main.
  waterPressure: {
    direction: 'below',
    levels: [
      ['yellow', 0.16],
      ['orange', 0.14],
      ['red', 0.07],
    ],
    hysteresis: 0.02,
    category: 'waterMainBurst',
  },
  streetLight: { direction: 'above', levels: [['yellow', 1]], hysteresis: 0.5, category: 'streetLightFault' },
  signalLamp: { direction: 'above', levels: [['orange', 1]], hysteresis: 0.5, category: 'trafficLightFault' },
  // 1 fault, 2 people trapped.
  elevator: {
    direction: 'above',
    levels: [
      ['orange', 1],
      ['red', 2],
    ],
    hysteresis: 0.5,
    category: 'elevatorEntrapment',
  },
  // Hydrant pressure in MPa, falling.
  fireHydrant: {
    direction: 'below',
    levels: [
      ['yellow', 0.14],
      ['orange', 0.1],
      ['red', 0.05],
    ],
    hysteresis: 0.02,
    category: 'fireHydrantFault',
  },
  camera: { direction: 'above', levels: [], hysteresis: 0, category: null },
};

/** A waterlogging gauge rising this fast (cm per hour) is raised one level above its depth's. */
export const FAST_RISE_CM_PER_HOUR = 30;

const past = (t: KindThresholds, value: number, threshold: number) => (t.direction === 'above' ? value >= threshold : value <= threshold);

/** The level a value stands at, ignoring trend. */
export function levelOf(kind: SensorKind, value: number): AlertLevel {
  const t = THRESHOLDS[kind];
  let level: AlertLevel = 'none';
  for (const [name, threshold] of t.levels) if (past(t, value, threshold)) level = name;
  return level;
}

/**
 * The level of a new reading, given the previous one of the same device (if any): the value's
 * level, one higher for a fast-rising gauge, and held at the lowest level inside the hysteresis
 * band while an alert is on.
 */
export function assessReading(kind: SensorKind, value: number, previous: { value: number; atMs: number; level: AlertLevel } | null, atMs: number): AlertLevel {
  const t = THRESHOLDS[kind];
  let level = levelOf(kind, value);
  if (level === 'none' && previous && previous.level !== 'none' && t.levels.length > 0) {
    const lowest = t.levels[0]![1];
    const clearAt = t.direction === 'above' ? lowest - t.hysteresis : lowest + t.hysteresis;
    if (past(t, value, clearAt)) return t.levels[0]![0];
  }
  if (kind === 'waterlogging' && level !== 'none' && previous && atMs > previous.atMs) {
    const risePerHour = ((value - previous.value) / (atMs - previous.atMs)) * 3_600_000;
    if (risePerHour >= FAST_RISE_CM_PER_HOUR) level = t.levels[Math.min(t.levels.length - 1, t.levels.findIndex(([l]) => l === level) + 1)]![0];
  }
  return level;
}

/**
 * Whether an alert at `level` opens an event: any IoT alarm does; a waterlogging gauge from the
 * operating mode's level (yellow in daily operation, blue in an emergency).
 */
export const opensEvent = (kind: SensorKind, level: AlertLevel, waterEventLevel: AlertLevel) =>
  THRESHOLDS[kind].category !== null && level !== 'none' && (kind !== 'waterlogging' || levelRank(level) >= levelRank(waterEventLevel));
