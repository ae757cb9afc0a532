import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { NodeMetrics } from '../observability/metrics.ts';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * `GET /metrics`: Prometheus text. With METRICS_TOKEN, `Authorization: Bearer <token>` (401
 * otherwise); without one, open only where METRICS_PUBLIC allows it (outside production by
 * default), else 403 for everyone: a production node does not show its figures to anyone who asks.
 */
export function metricsRoute(metrics: NodeMetrics, access: { token: string | null; public: boolean }): RequestHandler {
  const { token } = access;
  return async (req, res) => {
    if (token !== null) {
      if (!sameSecret(req.get('authorization') ?? '', `Bearer ${token}`))
        return void res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'metrics: Authorization: Bearer <METRICS_TOKEN> required' });
    } else if (!access.public) {
      return void res.status(403).json({ error: 'metrics: closed — set METRICS_TOKEN (scrapers send it as a bearer token), or METRICS_PUBLIC=1 to leave it open' });
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
