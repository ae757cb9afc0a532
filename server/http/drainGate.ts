import type { NextFunction, Request, Response } from 'express';

/** Paths a draining node still answers: a load balancer watching it must see why it is going. */
const ANSWERED_WHILE_DRAINING = new Set(['/api/health', '/api/ready', '/metrics']);

/**
 * Graceful drain. Counts requests in flight; once draining, a request that still arrives on a
 * kept-alive connection is answered 503 (with `Connection: close`, so the client's next try goes
 * to another node), and `idle()` resolves when the last request in flight has been answered —
 * each answered only after what it promised is committed — or when the time runs out.
 */
export class DrainGate {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.set('Connection', 'close');
      if (!ANSWERED_WHILE_DRAINING.has(req.path)) return void res.status(503).set('Retry-After', '1').json({ error: 'this node is shutting down: send again (another node will answer)' });
    }
    this.inFlight++;
    res.once('close', () => {
      if (--this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
    next();
  };

  /** Stops admitting; resolves true once nothing is in flight, false if `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
