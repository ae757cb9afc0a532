import { Router } from 'express';
import { TrackQuery } from '../../common/domain/field.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { FieldService } from '../field/fieldService.ts';
import { badRequest } from './errors.ts';

const DAY_MS = 86_400_000;

/**
 * `GET /api/workers/:id/track?date=YYYY-MM-DD` → `{ points: [{ lng, lat, atMs }] }`: a grid
 * worker's patrol track on a Beijing date, for the worker themself and officers whose area holds
 * the worker's grid.
 */
export function workersRouter(field: FieldService, directory: WorkerDirectory, auth: Authenticator): Router {
  const router = Router();
  router.get('/:id/track', requireRole(auth, 'officer', 'worker'), async (req, res) => {
    const query = TrackQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const id = String(req.params.id);
    const index = directory.indexOf(id);
    if (index < 0) return void res.status(404).json({ error: `no grid worker ${id}` });
    const principal = req.principal!;
    const own = principal.role === 'worker' && principal.username === id;
    const inArea = principal.role === 'officer' && (principal.unit === null || directory.homeOf(index).grid.startsWith(principal.unit));
    if (!own && !inArea) return void res.status(403).json({ error: `${id}'s track is for the worker and the officers of their area` });
    const fromMs = Date.parse(`${query.data.date}T00:00:00+08:00`);
    if (Number.isNaN(fromMs)) return void res.status(400).json({ error: 'date: not a calendar date', fields: ['date'] });
    res.json({ points: await field.trackOf(id, fromMs, fromMs + DAY_MS) });
  });
  return router;
}
