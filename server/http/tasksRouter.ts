import { type Request, type Response, Router } from 'express';
import { TaskCommand, TaskCompletion } from '../../common/domain/tasks.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { acceptTask, asCommand, assignTask, completeTask } from '../events/fieldTasks.ts';
import { eventShownTo, mayTaskWorker } from '../auth/areaPolicy.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { CommandResult } from '../events/commands.ts';
import type { EventService } from '../events/eventService.ts';
import type { TaskBoard } from '../field/taskBoard.ts';
import { addressOf } from './authRouter.ts';
import { badRequest } from './errors.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** Most tasks a worker's list holds: open ones first, then today's done. */
const MAX_TASKS = 100;

/**
 * Grid workers' tasks (核查 / 即时办): `POST /api/events/:id/task { worker, kind, note? }` by an
 * officer in the area or a dispatched department (audited); the worker's `GET /api/tasks`,
 * `POST /api/events/:id/task/accept` (签收) and `POST /api/events/:id/task/complete
 * { outcome, report? }`. Each is written against the event's version and shows in its history.
 */
export function tasksRouter(events: EventService, board: TaskBoard, directory: WorkerDirectory, auth: Authenticator, audit: AuditLog, clock: DomainNow): Router {
  const router = Router();
  const answer = (req: Request, res: Response, result: CommandResult, status = 200) =>
    result.ok
      ? void res.status(status).json({ task: result.event.task, event: eventShownTo(result.event, req.principal) })
      : void res
          .status(result.code)
          .json({ error: result.error, ...(result.field ? { fields: [result.field] } : {}), ...(result.current ? { event: eventShownTo(result.current, req.principal) } : {}) });

  router.post('/events/:id/task', requireRole(auth, 'officer', 'department', 'integration'), async (req, res) => {
    const command = TaskCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const index = directory.indexOf(command.data.worker);
    const fit = (event: CityEvent) => (index < 0 ? 'unknown' : mayTaskWorker(req.principal!, event, directory, index) ? 'fits' : 'outside');
    const result = await events.act(String(req.params.id), (event) => asCommand(assignTask(event, req.principal!, command.data, fit, clock())));
    if (result.ok)
      await audit.record({ actor: req.principal!.username, action: 'event.task', target: result.event.id, address: addressOf(req), detail: { worker: command.data.worker, kind: command.data.kind } });
    answer(req, res, result, 201);
  });

  router.post('/events/:id/task/accept', requireRole(auth, 'worker'), async (req, res) => {
    answer(req, res, await events.act(String(req.params.id), (event) => asCommand(acceptTask(event, req.principal!, clock()))));
  });

  router.post('/events/:id/task/complete', requireRole(auth, 'worker'), async (req, res) => {
    const command = TaskCompletion.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    answer(req, res, await events.act(String(req.params.id), (event) => asCommand(completeTask(event, req.principal!, command.data.outcome, command.data.report, clock()))));
  });

  router.get('/tasks', requireRole(auth, 'worker'), (req, res) => {
    res.json({ items: board.of(req.principal!.username, MAX_TASKS) });
  });
  return router;
}
