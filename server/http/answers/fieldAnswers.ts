import { z } from 'zod';
import { CategorySchema } from '../../../common/domain/categories.ts';
import { EventState } from '../../../common/domain/events.ts';
import type { TrackPoint } from '../../../common/domain/field.ts';
import type { TaskItem } from '../../../common/domain/tasks.ts';
import { ASSESSMENT_LEVELS, type AssessmentRow } from '../../field/assessment.ts';
import { CityEventAnswer, FieldTaskAnswer } from './eventAnswers.ts';
import { sameShape } from './sameShape.ts';

/** A task given, taken or completed: the task and its event as the caller may see it. */
export const TaskAnswer = z.object({ task: FieldTaskAnswer, event: CityEventAnswer });

/** A task on the worker's list: the task, and what of its event the worker needs (WGS-84 degrees). */
export const TaskItemAnswer = z.object({
  task: FieldTaskAnswer,
  event: z.object({
    id: z.string(),
    category: CategorySchema,
    description: z.string(),
    address: z.string().nullable(),
    lng: z.number(),
    lat: z.number(),
    state: EventState,
    gridCode: z.string(),
  }),
});
sameShape<z.output<typeof TaskItemAnswer>, TaskItem>(true);

/** `GET /api/tasks`: open ones first, then the day's done. */
export const TaskListAnswer = z.object({ items: z.array(TaskItemAnswer) });

/** A point of a patrol track: WGS-84 degrees, epoch ms. */
export const TrackPointAnswer = z.object({ lng: z.number(), lat: z.number(), atMs: z.number() });
sameShape<z.output<typeof TrackPointAnswer>, TrackPoint>(true);

export const TrackAnswer = z.object({ points: z.array(TrackPointAnswer) });

/** One unit's work over the period (网格员考核), ranked from 1. */
export const AssessmentRowAnswer = z.object({
  rank: z.number().int().min(1),
  /** A worker id, or a grid, community or street code. */
  code: z.string(),
  reports: z.number().int().min(0),
  verified: z.number().int().min(0),
  handled: z.number().int().min(0),
  /** Mean time from a task given to its 签收, ms; null without one. */
  responseMeanMs: z.number().nullable(),
  /** Minutes on patrol, whole. */
  patrolMinutes: z.number().min(0),
  /** Km patrolled, to 10 m. */
  patrolKm: z.number().min(0),
});
sameShape<z.output<typeof AssessmentRowAnswer>, AssessmentRow>(true);

/** `GET /api/workers/assessment` as JSON: the level and Beijing dates asked, the rows in all, and the first 1,000. */
export const AssessmentAnswer = z.object({
  level: z.enum(ASSESSMENT_LEVELS),
  /** YYYY-MM-DD, Beijing. */
  from: z.string(),
  to: z.string(),
  total: z.number().int().min(0),
  rows: z.array(AssessmentRowAnswer),
});
