import type { Principal } from '../../common/domain/auth.ts';
import type { CityEvent, Transition } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { TASK_KIND_LABELS, TASK_OUTCOME_LABELS, type TaskKind, type TaskOutcome } from '../../common/domain/tasks.ts';
import { mayActOn } from '../auth/areaPolicy.ts';

export type TaskRefusal = { code: 400 | 403 | 409; error: string; field?: string; current?: CityEvent };
export type PlannedTask = { next: CityEvent; transitions: Transition[] };

/** The step recorded in the event's history: the state stays, the note says what happened to the task. */
const noted = (event: CityEvent, actor: string, atMs: number, note: string): Transition => ({ eventId: event.id, from: event.state, to: event.state, actor, atMs, note });

/**
 * Gives an open event to a grid worker, to verify on site (核查) or handle at once (即时办): an
 * officer in whose area it lies, or a department it is dispatched to. One task at a time: another
 * is given once the last is done.
 */
/** Whether the worker named may take a task on this event: not on the roster, outside what the giver may task (areaPolicy.mayTaskWorker), or a fit. */
export type WorkerFit = (event: CityEvent) => 'unknown' | 'outside' | 'fits';

export function assignTask(event: CityEvent, principal: Principal, command: { worker: string; kind: TaskKind; note?: string }, worker: WorkerFit, nowMs: number): PlannedTask | TaskRefusal {
  if (!mayActOn(principal, event) || principal.role === 'worker') return { code: 403, error: `you may not give ${event.id} to a grid worker` };
  const fit = worker(event);
  if (fit === 'unknown') return { code: 400, error: `worker: no grid worker ${command.worker}`, field: 'worker' };
  if (fit === 'outside') return { code: 403, error: `worker: ${command.worker} is neither of ${event.gridCode} nor in your area`, field: 'worker' };
  if (event.duplicateOf) return { code: 409, error: `${event.id} is a duplicate of ${event.duplicateOf}`, current: event };
  if (CLOSED_STATES.has(event.state)) return { code: 409, error: `${event.id} is closed (${event.state})`, current: event };
  if (event.task && event.task.completedAtMs === null) return { code: 409, error: `${event.id} is already with ${event.task.worker}`, current: event };
  const task = {
    worker: command.worker,
    kind: command.kind,
    assignedBy: principal.username,
    assignedAtMs: nowMs,
    note: command.note ?? null,
    acceptedAtMs: null,
    completedAtMs: null,
    outcome: null,
    report: null,
  };
  return { next: { ...event, task }, transitions: [noted(event, principal.username, nowMs, `${TASK_KIND_LABELS[command.kind].zh} → ${command.worker}${command.note ? `：${command.note}` : ''}`)] };
}

/** The worker 签收 their task (again: nothing changes). */
export function acceptTask(event: CityEvent, principal: Principal, nowMs: number): PlannedTask | { ok: true; event: CityEvent } | TaskRefusal {
  const task = event.task;
  if (!task || task.worker !== principal.username) return { code: 403, error: `${event.id} is not your task` };
  if (task.acceptedAtMs !== null) return { ok: true, event };
  if (task.completedAtMs !== null) return { code: 409, error: `the task on ${event.id} is done`, current: event };
  return { next: { ...event, task: { ...task, acceptedAtMs: nowMs } }, transitions: [noted(event, principal.username, nowMs, `${TASK_KIND_LABELS[task.kind].zh}签收`)] };
}

/** The worker completes their task with its outcome (a verification: confirmed or not found; at once: handled). */
export function completeTask(event: CityEvent, principal: Principal, outcome: TaskOutcome, report: string | undefined, nowMs: number): PlannedTask | TaskRefusal {
  const task = event.task;
  if (!task || task.worker !== principal.username) return { code: 403, error: `${event.id} is not your task` };
  if (task.completedAtMs !== null) return { code: 409, error: `the task on ${event.id} is done`, current: event };
  if ((task.kind === 'verify') === (outcome === 'handled'))
    return { code: 400, error: `outcome: a ${task.kind} task ends ${task.kind === 'verify' ? 'confirmed or notFound' : 'handled'}`, field: 'outcome' };
  const done = { ...task, acceptedAtMs: task.acceptedAtMs ?? nowMs, completedAtMs: nowMs, outcome, report: report ?? null };
  return { next: { ...event, task: done }, transitions: [noted(event, principal.username, nowMs, `${TASK_OUTCOME_LABELS[outcome].zh}${report ? `：${report}` : ''}`)] };
}

/** A task's plan as the event service takes it: a refusal becomes a refused command. */
export function asCommand(
  p: PlannedTask | TaskRefusal | { ok: true; event: CityEvent },
): { ok: false; code: 400 | 403 | 409; error: string; field?: string; current?: CityEvent } | PlannedTask | { ok: true; event: CityEvent } {
  return 'code' in p ? { ok: false, ...p } : p;
}
