import type { SensorKind } from '../../common/domain/sensors.ts';
import type { RandomSource } from '../../common/geo/random.ts';

/**
 * What devices report: a quiet value when all is well and an alarm value when not, per kind in
 * its unit (SENSOR_UNITS). Quiet values come from a hash of (seed, device, round) rather than a
 * running random stream, so a heartbeat's value does not depend on which other devices were
 * reported before it, or on how the real-time ticks fell.
 */

/** Uniform in [0, 1) from three integers (a murmur3-style mix). */
export function hash01(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** A healthy device's reading for a uniform draw `u`; waterlogging gauges report their depth instead. */
export function quietValue(kind: Exclude<SensorKind, 'waterlogging'>, u: number): number {
  switch (kind) {
    case 'smokeDetector':
      return round(u * 0.6, 2); // clean air: well under 4 %obs/m
    case 'manholeCover':
      return round(u * 2, 1); // seated: a degree or two of tilt
    case 'gasLeak':
      return round(u * 3, 1); // background %LEL
    case 'waterPressure':
      return round(0.25 + u * 0.15, 3); // mains pressure, MPa
    case 'fireHydrant':
      return round(0.3 + u * 0.15, 3);
    case 'streetLight':
    case 'signalLamp':
    case 'elevator':
    case 'camera':
      return 0; // status code 0: normal
  }
}

/** An alarming reading; `trapped` picks a lift's entrapment (2) over a plain fault (1). */
export function alarmValue(kind: Exclude<SensorKind, 'waterlogging' | 'camera'>, random: RandomSource, trapped = false): number {
  const u = random.next();
  switch (kind) {
    case 'smokeDetector':
      return round(4.5 + u * 8, 1); // orange from 4, red from 8 %obs/m
    case 'manholeCover':
      return round(6 + u * 40, 1); // lifted or displaced, degrees
    case 'gasLeak':
      return round(22 + u * 40, 1); // low alarm 20, high 50 %LEL
    case 'waterPressure':
      return round(0.03 + u * 0.1, 3); // a burst main, MPa
    case 'fireHydrant':
      return round(0.02 + u * 0.1, 3);
    case 'streetLight':
    case 'signalLamp':
      return 1;
    case 'elevator':
      return trapped ? 2 : 1;
  }
}
