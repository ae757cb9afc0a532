import { z } from 'zod';
import { storableKey } from './text.ts';

/** What the city senses: waterlogging gauges, the IoT device kinds, and cameras. */
export const SENSOR_KINDS = ['waterlogging', 'smokeDetector', 'manholeCover', 'gasLeak', 'waterPressure', 'streetLight', 'signalLamp', 'elevator', 'fireHydrant', 'camera'] as const;
export const SensorKind = z.enum(SENSOR_KINDS);
export type SensorKind = z.infer<typeof SensorKind>;
/** The IoT device kinds (not the gauges, not the cameras). */
export const IOT_KINDS = SENSOR_KINDS.filter((k) => k !== 'waterlogging' && k !== 'camera') as Exclude<SensorKind, 'waterlogging' | 'camera'>[];

export const SENSOR_KIND_LABELS: Record<SensorKind, { zh: string; en: string }> = {
  waterlogging: { zh: '易积水点', en: 'Waterlogging point' },
  smokeDetector: { zh: '烟感', en: 'Smoke detector' },
  manholeCover: { zh: '井盖倾斜', en: 'Manhole cover' },
  gasLeak: { zh: '燃气泄漏', en: 'Gas leak' },
  waterPressure: { zh: '供水压力', en: 'Water pressure' },
  streetLight: { zh: '路灯', en: 'Street light' },
  signalLamp: { zh: '信号灯', en: 'Signal lamp' },
  elevator: { zh: '电梯', en: 'Elevator' },
  fireHydrant: { zh: '消防栓', en: 'Fire hydrant' },
  camera: { zh: '视频监控', en: 'Camera' },
};

/**
 * The unit each kind reports in. `status` is a device code: 0 normal, 1 fault, 2 (elevators)
 * people trapped; cameras report `status` heartbeats only.
 */
export const SENSOR_UNITS = {
  waterlogging: 'cm',
  smokeDetector: '%obs/m',
  manholeCover: 'deg',
  gasLeak: '%LEL',
  waterPressure: 'MPa',
  streetLight: 'status',
  signalLamp: 'status',
  elevator: 'status',
  fireHydrant: 'MPa',
  camera: 'status',
} as const satisfies Record<SensorKind, string>;
export type SensorUnit = (typeof SENSOR_UNITS)[SensorKind];

/**
 * How often each kind reports when all is well (its heartbeat), ms. A device silent for
 * OFFLINE_AFTER_HEARTBEATS heartbeats is counted offline.
 */
export const HEARTBEAT_MS: Record<SensorKind, number> = {
  waterlogging: 60_000,
  smokeDetector: 30 * 60_000,
  manholeCover: 30 * 60_000,
  gasLeak: 10 * 60_000,
  waterPressure: 5 * 60_000,
  streetLight: 15 * 60_000,
  signalLamp: 5 * 60_000,
  elevator: 10 * 60_000,
  fireHydrant: 30 * 60_000,
  camera: 5 * 60_000,
};
export const OFFLINE_AFTER_HEARTBEATS = 2.5;
export const offlineAfterMs = (kind: SensorKind) => HEARTBEAT_MS[kind] * OFFLINE_AFTER_HEARTBEATS;

/** Water depth in centimetres, branded so a metre or a millimetre cannot be passed by mistake. */
export const DepthCm = z.number().min(0).max(1000).brand<'cm'>();
export type DepthCm = z.infer<typeof DepthCm>;

/** Alert levels, low to high; waterlogging maps depth in centimetres onto them. */
export const ALERT_LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export const AlertLevel = z.enum(ALERT_LEVELS);
export type AlertLevel = z.infer<typeof AlertLevel>;
export const ALERT_LEVEL_LABELS: Record<AlertLevel, { zh: string; en: string }> = {
  none: { zh: '正常', en: 'Normal' },
  blue: { zh: '蓝色', en: 'Blue' },
  yellow: { zh: '黄色', en: 'Yellow' },
  orange: { zh: '橙色', en: 'Orange' },
  red: { zh: '红色', en: 'Red' },
};
export const levelRank = (level: AlertLevel) => ALERT_LEVELS.indexOf(level);

/** One reading as a gateway posts it (`POST /api/sensors/readings`, in batches). */
export const SensorReading = z.object({
  sensorId: storableKey(16).min(3, 'must be at least 3 characters'),
  atMs: z.number().int().positive(),
  value: z.number().finite(),
  unit: storableKey(10).min(1, 'is required'),
});
export type SensorReading = z.infer<typeof SensorReading>;
export const MAX_READINGS_PER_BATCH = 10_000;
export const SensorReadingBatch = z.object({
  readings: z.array(SensorReading).min(1, 'must not be empty').max(MAX_READINGS_PER_BATCH, `at most ${MAX_READINGS_PER_BATCH} readings per request`),
});
/** A reading may be late (buffered by a gateway) but not from the future beyond clock skew. */
export const MAX_READING_AGE_MS = 24 * 3_600_000;
export const MAX_CLOCK_SKEW_MS = 60_000;

export interface SensorKindHealth {
  total: number;
  online: number;
  /** Devices whose latest reading is at an alert level. */
  alarming: number;
}

/** Counts and online rates (`GET /api/sensors/summary`, and the wall's health panel). */
export interface SensorSummary {
  asOfMs: number;
  byKind: Record<SensorKind, SensorKindHealth>;
  /** Per district code: every device (cameras included) and how many are online. */
  byDistrict: Record<string, { total: number; online: number }>;
  /** When each data source was last heard from, for the wall's freshness badges; null = never. */
  lastHeardMs: { waterlogging: number | null; iot: number | null; camera: number | null };
}

/** A waterlogging point as the wall draws it. */
export interface WaterPointView {
  id: string;
  name: string;
  lng: number;
  lat: number;
  depthCm: number;
  level: AlertLevel;
  /** Time of the reading shown; 0 before the first. */
  atMs: number;
}

/** An IoT device in alarm, as the wall lists it; `level: 'none'` in a delta means it cleared. */
export interface AlarmView {
  sensorId: string;
  kind: SensorKind;
  lng: number;
  lat: number;
  districtCode: string;
  level: AlertLevel;
  value: number;
  unit: string;
  sinceMs: number;
}

/** A device in the registry, as `GET /api/sensors` pages it. */
export interface SensorRecord {
  id: string;
  kind: SensorKind;
  name: string | null;
  lng: number;
  lat: number;
  districtCode: string;
  gridCode: string;
  lastSeenMs: number | null;
  online: boolean;
  value: number | null;
  unit: SensorUnit;
  level: AlertLevel;
}
