import { Router } from 'express';
import type { StoreProbe } from '../store/storeStatus.ts';
import type { DrainGate } from './drainGate.ts';
import type { CoordinationStatus } from '../coordination/topology.ts';

/**
 * Liveness (`/api/health`: the process answers) and readiness (`/api/ready`: it should be sent
 * traffic — the store answers with the expected schema, and the node is not draining). Both
 * public, for load balancers and orchestrators; neither says anything a stranger could use.
 */
export function healthRouter(startedAtMs: number, clock: () => number, probeStore: StoreProbe, drain: DrainGate, sharedStatus: (() => Promise<CoordinationStatus>) | null = null): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeMs: clock() - startedAtMs, serverTimeMs: clock() });
  });
  router.get('/ready', async (_req, res) => {
    const [store, redis] = await Promise.all([probeStore(), sharedStatus?.() ?? null]);
    const reasons = [
      ...(store.ok ? [] : [`store: ${store.error ?? 'not answering'}`]),
      ...(redis && !redis.ok ? [`redis: ${redis.error ?? 'not answering'}`] : []),
      ...(drain.isDraining ? ['draining: this node is shutting down'] : []),
    ];
    res.status(reasons.length ? 503 : 200).json({
      ready: reasons.length === 0,
      reasons,
      store: { kind: store.kind, ok: store.ok, latencyMs: store.latencyMs, schemaVersion: store.schemaVersion, expectedSchemaVersion: store.expectedSchemaVersion },
      // Null without Redis (one node, or a cluster on one machine).
      redis: redis && { ok: redis.ok, latencyMs: redis.latencyMs, node: redis.nodeId, nodesAlive: redis.nodes, leases: redis.leases.map((l) => ({ name: l.name, epoch: l.epoch })) },
      draining: drain.isDraining,
    });
  });
  return router;
}
