import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';

/** How often the event loop's delay is judged, ms. */
const WINDOW_MS = 500;

/**
 * Past capacity, the process is late: its event loop's delay grows (every request, every wall
 * tick waits). This gauge keeps the worst delay of each window; while two windows in a row (1 s)
 * are over the limit, or the store is behind (its commits slow or too many writes waiting: a
 * slow PostgreSQL keeps the event loop idle while every caller waits), the server is "shedding":
 * intake answers 429 at once, before reading a body, instead of queueing without bound, and
 * every wall is told its figures may be late.
 */
export class LoadGauge {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | null = null;
  private worstLagMs = 0;
  /** The window before the last: one late window (a GC pause, a big snapshot) is not overload. */
  private previousLagMs = 0;

  constructor(
    private readonly shedAboveLagMs: number,
    /** Another sign of being past capacity: the store behind its writes — why (for the 429's message), or null. */
    private readonly storeBehind: () => string | null = () => null,
  ) {}

  start(): void {
    this.histogram.enable();
    this.timer = setInterval(() => {
      // max is in ns; a healthy loop sits near the 10 ms resolution.
      this.previousLagMs = this.worstLagMs;
      this.worstLagMs = this.histogram.max / 1e6;
      this.histogram.reset();
    }, WINDOW_MS);
    this.timer.unref();
  }

  stop(): void {
    this.histogram.disable();
    if (this.timer) clearInterval(this.timer);
  }

  get lagMs(): number {
    return Math.round(this.worstLagMs);
  }

  get shedding(): boolean {
    return this.loopLate() || this.storeBehind() !== null;
  }

  private loopLate(): boolean {
    return Math.min(this.worstLagMs, this.previousLagMs) > this.shedAboveLagMs;
  }

  /** Middleware for intake routes: 429 with Retry-After while shedding. */
  readonly shed = (_req: Request, res: Response, next: NextFunction): void => {
    const why = this.loopLate() ? `event loop ${this.lagMs} ms late` : this.storeBehind();
    if (why === null) return next();
    res
      .set('Retry-After', '1')
      .status(429)
      .json({ error: `the server is past capacity (${why}): send again in 1 s` });
  };
}
