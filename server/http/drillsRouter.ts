import { Router } from 'express';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { officerScopeOf } from '../auth/areaPolicy.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { overallScore, sameScope, scoreDrill } from '../drills/drillScore.ts';
import type { BroadcastRepository } from '../store/broadcastRepository.ts';
import { badRequest } from './errors.ts';

/** Earlier drills of the same scope in the trend, and how far back among the broadcasts they are looked for. */
const TREND_DRILLS = 5;
const TREND_LOOKBACK = 500;

/** `?limit=`: those who never confirmed, listed (the total counts all). */
export const DrillQuery = z.object({ limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(10_000).default(1000) });

/**
 * `GET /api/drills/:broadcastId` (officers): an exercise broadcast scored from its stored receipts,
 * over the targets in the caller's area — per district, street and grid (ranked), the trend over
 * the earlier drills of the same scope (each scored whole, oldest first, this one last), and who
 * never confirmed, with their grid's leader.
 */
export function drillsRouter(broadcasts: BroadcastService, repository: BroadcastRepository, directory: WorkerDirectory, auth: Authenticator): Router {
  const router = Router();
  router.get('/:id', requireRole(auth, 'officer'), async (req, res) => {
    const query = DrillQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const id = String(req.params.id);
    const broadcast = await broadcasts.get(id);
    if (!broadcast) return void res.status(404).json({ error: `no broadcast ${id}` });
    if (!broadcast.content.exercise) return void res.status(404).json({ error: `${id} is not an exercise (演练): only drills are scored` });
    const area = officerScopeOf(req.principal!, (code) => directory.levelOf(code))!;
    const targets = [...directory.targets(broadcast.scope)].filter((index) => directory.holds(area, index));
    if (targets.length === 0) return void res.status(404).json({ error: `no target of ${id} is in your area` });
    const receipts = await repository.deliveriesOf(id);
    const homes = targets.map((index) => ({ index, worker: directory.idOf(index), ...directory.homeOf(index) }));
    const scores = scoreDrill(broadcast.sentAtMs, homes, receipts, (code) => directory.unitName(code));
    const byWorker = new Map(receipts.map((r) => [r.worker, r]));
    const neverConfirmed = homes
      .filter((h) => byWorker.get(h.worker)?.confirmedAtMs == null)
      .map((h) => {
        const leader = directory.leaderOf(h.grid);
        return {
          id: h.worker,
          name: h.name,
          gridCode: h.grid,
          delivered: byWorker.get(h.worker)?.deliveredAtMs != null,
          leader: leader >= 0 && leader !== h.index ? { id: directory.idOf(leader), name: directory.homeOf(leader).name } : null,
        };
      });
    // The trend: this drill after the earlier drills of the same scope (the newest TREND_DRILLS), each scored whole over the caller's area.
    const earlier = (await broadcasts.history(TREND_LOOKBACK))
      .filter((b) => b.content.exercise && (b.sentAtMs < broadcast.sentAtMs || (b.sentAtMs === broadcast.sentAtMs && b.id < id)) && sameScope(b.scope, broadcast.scope))
      .slice(0, TREND_DRILLS)
      .reverse();
    const workers = homes.map((h) => h.worker);
    const trend = [
      ...(await Promise.all(earlier.map(async (b) => overallScore(b.id, b.content.title, b.sentAtMs, workers, await repository.deliveriesOf(b.id))))),
      overallScore(broadcast.id, broadcast.content.title, broadcast.sentAtMs, workers, receipts),
    ];
    res.json({ broadcast, ...scores, trend, neverConfirmedTotal: neverConfirmed.length, neverConfirmed: neverConfirmed.slice(0, query.data.limit) });
  });
  return router;
}
