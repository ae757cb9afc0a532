import { HEARTBEAT_MS, SENSOR_KINDS, type SensorKind } from '../../common/domain/sensors.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { deriveSeed } from '../../common/geo/random.ts';
import { hash01 } from './deviceValues.ts';

/**
 * When each device reports, in real time since the feed started: first a sweep that reports every
 * device once within SWEEP_MS (so the wall's online rates are right at once), then every device
 * at its kind's heartbeat, at its own phase, so reports spread evenly instead of arriving in bursts.
 * A seeded share of devices never reports at all: they are the offline ones.
 */
export const SWEEP_MS = 20_000;
export const SILENT_SHARE = 0.02;

export interface KindSchedule {
  kind: SensorKind;
  periodMs: number;
  /** Devices that report, ordered by phase; phases ascending in [0, periodMs). */
  order: Int32Array;
  phaseMs: Float64Array;
}

export interface HeartbeatSchedule {
  /** 1 for a device that never reports. */
  silent: Uint8Array;
  kinds: KindSchedule[];
}

export function buildHeartbeatSchedule(registry: SensorRegistry, seed: number, silentShare = SILENT_SHARE): HeartbeatSchedule {
  const silentSeed = deriveSeed(seed, 'silent');
  const phaseSeed = deriveSeed(seed, 'phase');
  const silent = new Uint8Array(registry.size);
  const kinds = SENSOR_KINDS.map((kind) => {
    const { start, count } = registry.ranges[kind];
    const periodMs = HEARTBEAT_MS[kind];
    const reporting: { index: number; phaseMs: number }[] = [];
    for (let i = start; i < start + count; i++) {
      if (hash01(silentSeed, i, 0) < silentShare) silent[i] = 1;
      else reporting.push({ index: i, phaseMs: hash01(phaseSeed, i, 0) * periodMs });
    }
    reporting.sort((a, b) => a.phaseMs - b.phaseMs || a.index - b.index);
    return { kind, periodMs, order: Int32Array.from(reporting, (r) => r.index), phaseMs: Float64Array.from(reporting, (r) => r.phaseMs) };
  });
  return { silent, kinds };
}

/** Devices due in [fromMs, toMs) since the feed's start, with the round each report belongs to (0: the sweep). */
export interface DueReports {
  devices: number[];
  rounds: number[];
}

/** First position whose phase is ≥ phaseMs. */
function lowerBound(phases: Float64Array, phaseMs: number): number {
  let lo = 0;
  let hi = phases.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (phases[mid]! < phaseMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every report due in the window, kind by kind, each kind in phase order. A window longer than a
 * heartbeat yields each device once: a late feed catches up, it does not repeat itself.
 */
export function heartbeatsDue(schedule: HeartbeatSchedule, fromMs: number, toMs: number): DueReports {
  const due: DueReports = { devices: [], rounds: [] };
  if (toMs <= fromMs) return due;
  for (const k of schedule.kinds) {
    const push = (fromPhaseMs: number, toPhaseMs: number, round: (phaseMs: number) => number) => {
      for (let p = lowerBound(k.phaseMs, fromPhaseMs); p < k.order.length && k.phaseMs[p]! < toPhaseMs; p++) {
        due.devices.push(k.order[p]!);
        due.rounds.push(round(k.phaseMs[p]!));
      }
    };
    // The sweep: a device at phase φ reports at φ/period × SWEEP_MS.
    const sweepFrom = Math.max(0, fromMs);
    const sweepTo = Math.min(SWEEP_MS, toMs);
    if (sweepTo > sweepFrom) push((sweepFrom / SWEEP_MS) * k.periodMs, (sweepTo / SWEEP_MS) * k.periodMs, () => 0);
    // Then a device at phase φ reports at SWEEP_MS + φ + n × period, in round n + 1.
    const from = Math.max(fromMs, SWEEP_MS) - SWEEP_MS;
    const to = Math.min(toMs - SWEEP_MS, from + k.periodMs);
    if (to <= from) continue;
    const cycle = Math.floor(from / k.periodMs);
    const base = cycle * k.periodMs;
    push(from - base, Math.min(to - base, k.periodMs), () => cycle + 1);
    if (to - base > k.periodMs) push(0, to - base - k.periodMs, () => cycle + 2);
  }
  return due;
}
