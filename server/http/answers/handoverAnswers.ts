import { z } from 'zod';
import { BroadcastPriority } from '../../../common/domain/broadcasts.ts';
import { CategorySchema } from '../../../common/domain/categories.ts';
import { EventState } from '../../../common/domain/events.ts';
import { type HandoverBrief, type HandoverEvent, SEVERITIES } from '../../../common/domain/handover.ts';
import { AlertLevel, SensorKind } from '../../../common/domain/sensors.ts';
import { ModeStateAnswer } from './cityAnswers.ts';
import { everyKey } from './everyKey.ts';
import { sameShape } from './sameShape.ts';
import { WorkersOnDutyAnswer } from './wallAnswers.ts';

const count = () => z.number().int().min(0);

/** An event as the brief lists it (received at, epoch ms; overdue: escalated past a deadline). */
export const HandoverEventAnswer = z.object({
  id: z.string(),
  category: CategorySchema,
  categoryName: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  state: EventState,
  receivedAtMs: z.number(),
  severity: z.enum(SEVERITIES),
  overdue: z.boolean(),
});
sameShape<z.output<typeof HandoverEventAnswer>, HandoverEvent>(true);

/** `GET /api/handover`: 交接班 over the caller's area (times epoch ms). */
export const HandoverAnswer = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  generatedAtMs: z.number(),
  area: z.object({ code: z.string().nullable(), name: z.string() }),
  events: z.object({
    opened: count(),
    closed: count(),
    openNow: count(),
    openBySeverity: everyKey(SEVERITIES, count()),
    overdue: count(),
    openedList: z.array(HandoverEventAnswer),
    openedOmitted: count(),
    stillOpen: z.array(HandoverEventAnswer),
    stillOpenOmitted: count(),
  }),
  whistlesOutstanding: z.array(z.object({ eventId: z.string(), atMs: z.number(), deadlineAtMs: z.number(), late: z.boolean(), waiting: z.array(z.string()) })),
  casesMoved: z.array(z.object({ id: z.string(), title: z.string(), state: z.enum(['open', 'closed']), moves: z.array(z.enum(['opened', 'met', 'closed'])) })),
  broadcasts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      priority: BroadcastPriority,
      exercise: z.boolean(),
      state: z.enum(['active', 'cancelled']),
      sentAtMs: z.number(),
      targeted: count(),
      delivered: count(),
      confirmed: count(),
      allDeliveredAtMs: z.number().nullable(),
    }),
  ),
  modeSwitches: z.array(ModeStateAnswer),
  sensors: z.object({
    waterAbove: z.array(z.object({ id: z.string(), name: z.string(), depthCm: z.number(), level: AlertLevel })),
    alarms: z.array(z.object({ sensorId: z.string(), kind: SensorKind, districtCode: z.string(), level: AlertLevel, value: z.number(), unit: z.string(), sinceMs: z.number() })),
  }),
  workersOnDuty: WorkersOnDutyAnswer,
  summaryZh: z.array(z.string()),
});
sameShape<z.output<typeof HandoverAnswer>, HandoverBrief>(true);
