import { CATEGORIES, type Category } from '../../common/domain/categories.ts';
import type { EventChannel } from '../../common/domain/events.ts';
import type { RandomSource } from '../../common/geo/random.ts';
import { CATEGORY_MIX, CHANNEL_MIX, HOURLY_RHYTHM, pickWeighted, RURAL_CATEGORIES } from './dayProfile.ts';
import { type EventFocus, sampleFocused } from './eventFocus.ts';
import { gaussian, samplePlace } from './places.ts';

const MINUTE_MS = 60_000;
/** Sign-in delay: log-normal whose mean is the seeds' 5 minutes (mean = median · e^(σ²/2)). */
const SIGN_IN_SIGMA = 0.55;
const SIGN_IN_MEDIAN_MS = (5 * MINUTE_MS) / Math.exp((SIGN_IN_SIGMA * SIGN_IN_SIGMA) / 2);

/** One simulated event: what is reported, where, and how the departments and citizen will act. */
export interface PlannedEvent {
  atMs: number;
  channel: EventChannel;
  category: Category;
  lng: number;
  lat: number;
  externalId: string;
  /** Delays after the previous step, in simulated ms; null where the step never happens. */
  signInAfterMs: number;
  returned: boolean;
  handlingAfterMs: number;
  resolveAfterMs: number | null;
  evaluation: { afterMs: number; satisfied: boolean } | null;
}

/** Arrival times over a simulated span, following the daily rhythm (a Poisson process per hour). */
export function planArrivals(random: RandomSource, startMs: number, endMs: number, eventsPerDay: number, hourOf: (ms: number) => number): number[] {
  const rhythmTotal = HOURLY_RHYTHM.reduce((a, b) => a + b, 0);
  const times: number[] = [];
  let t = startMs;
  while (t < endMs) {
    const perMs = (eventsPerDay * HOURLY_RHYTHM[hourOf(t)]!) / rhythmTotal / 3_600_000;
    t += -Math.log(1 - random.next()) / perMs;
    if (t < endMs) times.push(t);
  }
  return times;
}

/** Log-normal delay with the given median (ms) and spread. */
const logNormal = (random: RandomSource, medianMs: number, sigma: number) => medianMs * Math.exp(sigma * gaussian(random));

/**
 * Plans one event. Calibrated so that a day closes ≈ 99 % of what it receives and ≈ 95 % of
 * evaluations are satisfied (the seeds: 99.11 % and 95.29 %); sign-in takes 5 minutes on
 * average (a mean: 4.3 minutes in the median, log-normal with σ 0.55), as the seeds report. With a focus (a holiday, a major event), a share of
 * the reports are crowd matters at the focus places instead.
 */
export function planEvent(random: RandomSource, atMs: number, serial: string, inCity: (lng: number, lat: number) => boolean, focus?: EventFocus): PlannedEvent {
  if (focus && random.next() < focus.share) {
    const { channel, category, lng, lat } = sampleFocused(random, focus, inCity);
    return planHandling(random, { atMs, channel, category, lng, lat, externalId: `SIM-${serial}` });
  }
  const channel = pickWeighted(CHANNEL_MIX, random.next());
  const category = pickWeighted(CATEGORY_MIX[channel], random.next());
  const [lng, lat] = samplePlace(random, RURAL_CATEGORIES.has(category), inCity);
  return planHandling(random, { atMs, channel, category, lng, lat, externalId: `SIM-${serial}` });
}

/** The departments' and the citizen's delays for a report already placed. */
export function planHandling(random: RandomSource, report: Pick<PlannedEvent, 'atMs' | 'channel' | 'category' | 'lng' | 'lat' | 'externalId'>): PlannedEvent {
  const targetMs = CATEGORIES[report.category].handlingTargetMs;
  const resolves = random.next() < 0.9911;
  const evaluated = resolves && random.next() < 0.7;
  return {
    ...report,
    signInAfterMs: logNormal(random, SIGN_IN_MEDIAN_MS, SIGN_IN_SIGMA),
    returned: random.next() < 0.02,
    handlingAfterMs: logNormal(random, 4 * MINUTE_MS, 0.6),
    // Most matters take a fraction of their target (a burst main ≈ 2 h, a licence ≈ a day).
    resolveAfterMs: resolves ? Math.min(targetMs * 1.3, logNormal(random, Math.min(targetMs * 0.25, 90 * MINUTE_MS), 0.7)) : null,
    evaluation: evaluated ? { afterMs: logNormal(random, 30 * MINUTE_MS, 0.5), satisfied: random.next() < 0.9529 } : null,
  };
}
