import { MAX_CLOCK_SKEW_MS, MAX_READING_AGE_MS, SENSOR_UNITS, type SensorReading } from '../../common/domain/sensors.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';

/** A reading checked against the registry: the device's index instead of its id. */
export interface AcceptedReading {
  index: number;
  atMs: number;
  value: number;
}

export type IntakeCheck = { ok: true; readings: AcceptedReading[] } | { ok: false; field: string; error: string };

/**
 * Checks a batch against the registry and the clock: every device known, every unit the device's
 * own, no reading from the future (beyond clock skew) or older than a day. The first problem is
 * named by its field; a batch with any problem is refused whole.
 */
export function checkReadings(registry: SensorRegistry, readings: readonly SensorReading[], nowMs: number): IntakeCheck {
  const accepted: AcceptedReading[] = new Array(readings.length);
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const index = registry.indexOf(r.sensorId);
    if (index < 0) return { ok: false, field: `readings.${i}.sensorId`, error: `no sensor ${JSON.stringify(r.sensorId)} in the registry` };
    const kind = registry.kindOf(index);
    if (r.unit !== SENSOR_UNITS[kind]) return { ok: false, field: `readings.${i}.unit`, error: `${r.sensorId} is a ${kind} sensor and reports in ${SENSOR_UNITS[kind]}, not ${r.unit}` };
    if (r.atMs > nowMs + MAX_CLOCK_SKEW_MS) return { ok: false, field: `readings.${i}.atMs`, error: `is ${Math.round((r.atMs - nowMs) / 1000)} s in the future` };
    if (r.atMs < nowMs - MAX_READING_AGE_MS) return { ok: false, field: `readings.${i}.atMs`, error: 'is more than 24 hours old' };
    if (kind === 'waterlogging' && (r.value < 0 || r.value > 1000)) return { ok: false, field: `readings.${i}.value`, error: 'a depth must be 0–1000 cm' };
    accepted[i] = { index, atMs: r.atMs, value: r.value };
  }
  return { ok: true, readings: accepted };
}
