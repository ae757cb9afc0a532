import type { Category } from './categories.ts';
import type { EventState } from './events.ts';
import { z } from 'zod';
import { storableText } from './text.ts';
import { WorkerId } from './workers.ts';

/** A grid worker's task on an event: 核查 (verify on site) or 即时办 (handle at once). */
export const TASK_KINDS = ['verify', 'handle'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABELS: Record<TaskKind, { zh: string; en: string }> = {
  verify: { zh: '核查', en: 'Verify on site' },
  handle: { zh: '即时办', en: 'Handle at once' },
};

/** How a task ended: the report confirmed (属实) or not found (不属实), or the matter handled (已处置). */
export const TASK_OUTCOMES = ['confirmed', 'notFound', 'handled'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];
export const TASK_OUTCOME_LABELS: Record<TaskOutcome, { zh: string; en: string }> = {
  confirmed: { zh: '核查属实', en: 'Confirmed' },
  notFound: { zh: '核查不属实', en: 'Not found' },
  handled: { zh: '已处置', en: 'Handled' },
};

/** A task as kept on its event. */
export interface FieldTask {
  worker: string;
  kind: TaskKind;
  assignedBy: string;
  assignedAtMs: number;
  note: string | null;
  /** 签收 by the worker. */
  acceptedAtMs: number | null;
  completedAtMs: number | null;
  outcome: TaskOutcome | null;
  report: string | null;
}

/** An event's task as the worker's list (GET /api/tasks) and the push (task:assigned) show it. */
export interface TaskItem {
  task: FieldTask;
  /** What of the event the worker needs (a CityEvent has these fields: eventRecords.ts holds a task, so it is not imported here). */
  event: { id: string; category: Category; description: string; address: string | null; lng: number; lat: number; state: EventState; gridCode: string };
}

/** `POST /api/events/:id/task`: an officer or the dispatched department gives the event to a grid worker. */
export const TaskCommand = z.object({
  worker: WorkerId,
  kind: z.enum(TASK_KINDS, { error: `must be one of ${TASK_KINDS.join(', ')}` }),
  note: storableText(500).min(1, 'must not be empty').optional(),
});

/** `POST /api/events/:id/task/complete`: the worker's outcome and what they found or did. */
export const TaskCompletion = z.object({
  outcome: z.enum(TASK_OUTCOMES, { error: `must be one of ${TASK_OUTCOMES.join(', ')}` }),
  report: storableText(1000).min(1, 'must not be empty').optional(),
});
