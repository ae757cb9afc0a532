declare const DOMAIN_TIME: unique symbol;

/**
 * A reader of domain time, epoch ms. Branded, so that real time (`Date.now`, any plain
 * `() => number`) does not compile where the city's time is asked for: the two clocks cannot be
 * swapped by mistake.
 */
export type DomainNow = (() => number) & { readonly [DOMAIN_TIME]: true };

/** A reader of domain time from a function that gives it (the DomainClock's, or a test's fixed clock). */
export const asDomainNow = (read: () => number): DomainNow => read as DomainNow;

/**
 * The clock of the city's affairs: event timestamps, SLA clocks, today's figures, the hourly
 * trend, sign-in and handling times. Real time, unless a simulator drives it: then it follows the
 * simulated clock (×20 under `npm start`), so a demonstration reads as a real day does. Real time
 * still drives tokens, rate limits, leases and broadcast latency (they are given Date.now).
 *
 * It never runs backwards. A simulator that stops telling the time (for longer than
 * FOLLOW_LAPSE_MS) leaves it running on at real speed from where it was.
 */
export class DomainClock {
  private anchorDomainMs: number;
  private anchorRealMs: number;
  private speed = 1;
  private lastToldAtRealMs: number | null = null;
  private lastReadMs = 0;

  constructor(
    private readonly realNow: () => number = Date.now,
    /** How long a simulator's word holds without being repeated, real ms. */
    private readonly followLapseMs = 15_000,
  ) {
    this.anchorRealMs = this.anchorDomainMs = realNow();
  }

  /** Domain time now, epoch ms. */
  readonly now: DomainNow = asDomainNow((): number => {
    const real = this.realNow();
    if (this.speed !== 1 && this.lastToldAtRealMs !== null && real - this.lastToldAtRealMs > this.followLapseMs) this.rebase(real, 1);
    const computed = this.anchorDomainMs + (real - this.anchorRealMs) * this.speed;
    // Monotonic: a re-anchoring slightly behind what was already handed out does not step back.
    this.lastReadMs = Math.max(this.lastReadMs, computed);
    return this.lastReadMs;
  });

  /** The simulator's time and speed: domain time follows it from now on (never stepping back). */
  follow(simulatedNowMs: number, speed: number): void {
    const real = this.realNow();
    this.anchorDomainMs = Math.max(simulatedNowMs, this.now());
    this.anchorRealMs = real;
    this.speed = speed;
    this.lastToldAtRealMs = real;
  }

  /** Where the clock stands: its time, speed, and whether a simulator drives it. */
  get status(): { nowMs: number; speed: number; simulated: boolean } {
    const nowMs = this.now();
    return { nowMs, speed: this.speed, simulated: this.speed !== 1 || this.lastToldAtRealMs !== null };
  }

  private rebase(real: number, speed: number): void {
    this.anchorDomainMs = this.anchorDomainMs + (real - this.anchorRealMs) * this.speed;
    this.anchorRealMs = real;
    this.speed = speed;
  }
}
