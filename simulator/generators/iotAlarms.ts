import type { IOT_KINDS } from '../../common/domain/sensors.ts';
import type { RandomSource } from '../../common/geo/random.ts';
import { alarmValue } from './deviceValues.ts';

export type IotKind = (typeof IOT_KINDS)[number];

/**
 * Where alarms come from: a kind, a rate, how long an alarm lasts before the device is fixed or
 * recovers, and how a device is chosen (any device of the kind, or near the flooding).
 */
export interface AlarmSource {
  kind: IotKind;
  perHour: number;
  durationMs: readonly [min: number, max: number];
  /** A lift alarm that is an entrapment (value 2) rather than a fault (1). */
  trapped?: boolean;
  /** A device index, or -1 when none fits. */
  pick(random: RandomSource): number;
}

export interface AlarmStart {
  index: number;
  kind: IotKind;
  value: number;
  untilMs: number;
}

const MINUTE_MS = 60_000;

/**
 * A quiet city's alarms, city-wide per hour: a few smoke detectors, lifts and manholes, lamps
 * out now and then; burst mains and gas leaks are rarer.
 */
export const BACKGROUND_ALARMS_PER_H: Record<IotKind, number> = {
  smokeDetector: 3,
  elevator: 3,
  manholeCover: 2,
  streetLight: 4,
  signalLamp: 1,
  gasLeak: 0.5,
  waterPressure: 0.5,
  fireHydrant: 0.5,
};
export const BACKGROUND_DURATION_MS = [10 * MINUTE_MS, 40 * MINUTE_MS] as const;

/** Knuth's method for small means, a rounded normal for large ones. */
export function poisson(random: RandomSource, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

/** The alarms that start in one step of `stepMs` ending at `simMs`, source by source. */
export function drawAlarms(random: RandomSource, sources: readonly AlarmSource[], simMs: number, stepMs: number): AlarmStart[] {
  const starts: AlarmStart[] = [];
  for (const source of sources) {
    const count = poisson(random, (source.perHour * stepMs) / 3_600_000);
    for (let i = 0; i < count; i++) {
      const index = source.pick(random);
      if (index < 0) continue;
      const [min, max] = source.durationMs;
      starts.push({ index, kind: source.kind, value: alarmValue(source.kind, random, source.trapped), untilMs: simMs + min + random.next() * (max - min) });
    }
  }
  return starts;
}
