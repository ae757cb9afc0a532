import { Router } from 'express';
import { z } from 'zod';
import { ASSESSMENT_LEVELS, assess, assessmentCsv } from '../field/assessment.ts';
import type { EventRepository } from '../store/eventRepository.ts';
import type { TrackRepository } from '../store/trackRepository.ts';
import { TrackQuery } from '../../common/domain/field.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { mayWatchWorker } from '../auth/areaPolicy.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { FieldService } from '../field/fieldService.ts';
import { badRequest } from './errors.ts';

const DAY_MS = 86_400_000;
/** The longest period an assessment covers, days. */
const MAX_PERIOD_DAYS = 31;
const TASK_LOOKBACK_MS = 30 * DAY_MS;
/** Rows a JSON answer carries (the CSV carries all). */
const MAX_ROWS = 1000;

export const AssessmentQuery = z.object({
  level: z.enum(ASSESSMENT_LEVELS, { error: `must be one of ${ASSESSMENT_LEVELS.join(', ')}` }).default('worker'),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (Beijing)'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (Beijing)'),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * `GET /api/workers/assessment?level=worker|grid|community|street&from=&to=[&format=csv]`: 网格员考核
 * over at most 31 days, for officers over their area.
 * `GET /api/workers/me` → the signed-in grid worker's roster entry and grid name.
 * `GET /api/workers/:id/track?date=YYYY-MM-DD` → `{ points: [{ lng, lat, atMs }] }`: a grid
 * worker's patrol track on a Beijing date, for the worker themself and officers whose area holds
 * the worker's grid.
 */
export function workersRouter(field: FieldService, directory: WorkerDirectory, auth: Authenticator, repository: EventRepository, tracks: TrackRepository): Router {
  const router = Router();

  // Who am I: the worker's own roster entry, nobody else's (a worker account is its roster id).
  router.get('/me', requireRole(auth, 'worker'), (req, res) => {
    const index = directory.indexOf(req.principal!.username);
    if (index < 0) return void res.status(404).json({ error: `${req.principal!.username} is not on the city's roster` });
    res.json(directory.profileOf(index));
  });

  // 网格员考核: officers, over their area; JSON or CSV.
  router.get('/assessment', requireRole(auth, 'officer'), async (req, res) => {
    const query = AssessmentQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const { level, from, to, format } = query.data;
    const fromMs = Date.parse(`${from}T00:00:00+08:00`);
    const toMs = Date.parse(`${to}T00:00:00+08:00`) + DAY_MS;
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return void res.status(400).json({ error: 'from, to: not calendar dates', fields: ['from'] });
    if (toMs <= fromMs || toMs - fromMs > MAX_PERIOD_DAYS * DAY_MS) return void res.status(400).json({ error: `to: on or after from, at most ${MAX_PERIOD_DAYS} days`, fields: ['to'] });
    const unitOf = (worker: string): string | null => {
      const index = directory.indexOf(worker);
      if (index < 0 || !mayWatchWorker(req.principal!, directory, index)) return null;
      return level === 'worker' ? worker : directory.homeOf(index)[level];
    };
    // Tasks are given on events of the month before, at most.
    const events = await repository.fieldWorkSince(fromMs - TASK_LOOKBACK_MS);
    const rows = assess(events, await tracks.patrolBetween(fromMs, toMs), fromMs, toMs, unitOf);
    if (format === 'csv') {
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="assessment-${level}-${from}-${to}.csv"` });
      return void res.send(assessmentCsv(rows, level));
    }
    res.json({ level, from, to, total: rows.length, rows: rows.slice(0, MAX_ROWS) });
  });
  router.get('/:id/track', requireRole(auth, 'officer', 'worker'), async (req, res) => {
    const query = TrackQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const id = String(req.params.id);
    const index = directory.indexOf(id);
    if (index < 0) return void res.status(404).json({ error: `no grid worker ${id}` });
    const principal = req.principal!;
    if (!mayWatchWorker(principal, directory, index)) return void res.status(403).json({ error: `${id}'s track is for the worker and the officers of their area` });
    const fromMs = Date.parse(`${query.data.date}T00:00:00+08:00`);
    if (Number.isNaN(fromMs)) return void res.status(400).json({ error: 'date: not a calendar date', fields: ['date'] });
    res.json({ points: await field.trackOf(id, fromMs, fromMs + DAY_MS) });
  });
  return router;
}
