/**
 * The rainfall of a storm shaped like Zhengzhou's 7·20 (2021): hours of heavy rain building up,
 * one hour near 200 mm/h (201.9 mm/h at 16–17 h, a Chinese record), then a quick tail-off; the
 * day brought ≈ 620 mm. Pure functions of simulated time, so every run rains the same.
 */
export interface StormPlan {
  /** When the first drops fall, simulated epoch ms. */
  startMs: number;
  /** From first to last drop, ms. */
  durationMs: number;
  /** The hour of the peak, mm/h. */
  peakMmPerH: number;
}

const HOUR_MS = 3_600_000;
/** The peak falls at this share of the storm (7·20: heavy from the morning, peak mid-afternoon). */
const PEAK_AT_SHARE = 0.6;
/** The plateau near the peak lasts an hour; ramps up and down take 40 minutes each. */
const PEAK_PLATEAU_MS = HOUR_MS;
const PEAK_RAMP_MS = 40 * 60_000;
/** The long-lasting rain under the peak, as a share of the peak (≈ 50 mm/h for 200). */
const BACKGROUND_SHARE = 0.25;

export const DEFAULT_STORM = { durationMs: 12 * HOUR_MS, peakMmPerH: 200 } as const;

/** Rain intensity at a simulated instant, mm/h; 0 outside the storm. */
export function rainfallMmPerH(storm: StormPlan, simMs: number): number {
  const sinceMs = simMs - storm.startMs;
  if (sinceMs <= 0 || sinceMs >= storm.durationMs) return 0;
  const share = sinceMs / storm.durationMs;
  // A bell over the whole storm, zero at both ends, highest under the peak: rising until then, falling after.
  const bellShare = share < PEAK_AT_SHARE ? (0.5 * share) / PEAK_AT_SHARE : 0.5 + (0.5 * (share - PEAK_AT_SHARE)) / (1 - PEAK_AT_SHARE);
  const background = BACKGROUND_SHARE * storm.peakMmPerH * Math.sin(Math.PI * bellShare) ** 1.5;
  const fromPeakMs = Math.abs(sinceMs - PEAK_AT_SHARE * storm.durationMs);
  const halfPlateauMs = Math.min(PEAK_PLATEAU_MS, storm.durationMs / 3) / 2;
  const rampMs = Math.min(PEAK_RAMP_MS, storm.durationMs / 4);
  const burst = fromPeakMs <= halfPlateauMs ? 1 : fromPeakMs >= halfPlateauMs + rampMs ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * (fromPeakMs - halfPlateauMs)) / rampMs);
  return background + burst * (storm.peakMmPerH - background);
}

/** When the storm's peak hour is centred, simulated epoch ms. */
export const stormPeakMs = (storm: StormPlan) => storm.startMs + PEAK_AT_SHARE * storm.durationMs;
export const stormEndMs = (storm: StormPlan) => storm.startMs + storm.durationMs;
