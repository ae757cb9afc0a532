import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { NodeMetrics } from '../observability/metrics.ts';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** `GET /metrics`: Prometheus text. Open unless METRICS_TOKEN is set; then `Authorization: Bearer <token>`. */
export function metricsRoute(metrics: NodeMetrics, token: string | null): RequestHandler {
  return async (req, res) => {
    if (token !== null && !sameSecret(req.get('authorization') ?? '', `Bearer ${token}`)) {
      return void res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'metrics: Authorization: Bearer <METRICS_TOKEN> required' });
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
