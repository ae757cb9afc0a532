import { Router } from 'express';

export function healthRouter(startedAtMs: number, clock: () => number): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeMs: clock() - startedAtMs, serverTimeMs: clock() });
  });
  return router;
}
