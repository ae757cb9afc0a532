import type { WaterloggingSite } from '../../common/geo/sensorRegistry.ts';

/**
 * Water standing at a waterlogging point. Rain its drains cannot take runs off the surrounding
 * streets and collects here in proportion to how low the point lies; once the rain eases below
 * the drains' capacity the water drains away, helped by pumps (a share of the depth per hour).
 */
/** Depth gained per mm of rain beyond the drains, at lowness 1: run-off from ≈ 10× the point's own area. */
const COLLECT_CM_PER_MM = 1.0;
/** Depth lost per mm/h of spare drain capacity, per hour. */
const DRAIN_CM_PER_MM = 1.5;
/** Pumps and seepage take this share of the standing water per hour. */
const PUMPED_SHARE_PER_H = 0.35;
/** A gauge's range ends at 10 m (DepthCm). */
const MAX_DEPTH_CM = 1000;

/** The depth after `stepMs` of rain at `rainMmPerH`, cm; never negative, never beyond the gauge. */
export function nextDepthCm(site: WaterloggingSite, depthCm: number, rainMmPerH: number, stepMs: number): number {
  const hours = stepMs / 3_600_000;
  const excessMmPerH = rainMmPerH - site.drainageMmPerH;
  const inflowCm = excessMmPerH > 0 ? excessMmPerH * site.lowness * COLLECT_CM_PER_MM * hours : 0;
  const spareCm = excessMmPerH < 0 ? -excessMmPerH * DRAIN_CM_PER_MM * hours : 0;
  const pumpedCm = depthCm * (1 - Math.exp(-PUMPED_SHARE_PER_H * hours));
  return Math.min(MAX_DEPTH_CM, Math.max(0, depthCm + inflowCm - spareCm - pumpedCm));
}
