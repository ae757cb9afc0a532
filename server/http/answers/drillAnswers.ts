import { z } from 'zod';
import { BroadcastAnswer } from './broadcastAnswers.ts';

const UnitScoreAnswer = z.object({
  code: z.string(),
  name: z.string(),
  targeted: z.number(),
  delivered: z.number(),
  confirmed: z.number(),
  p50Ms: z.number().nullable(),
  p90Ms: z.number().nullable(),
  p100Ms: z.number().nullable(),
  within10s: z.number(),
});

/** `GET /api/drills/:broadcastId`: the exercise, its units ranked, and who never confirmed. */
export const DrillAnswer = z.object({
  broadcast: BroadcastAnswer,
  districts: z.array(UnitScoreAnswer),
  streets: z.array(UnitScoreAnswer),
  grids: z.array(UnitScoreAnswer),
  /** The earlier drills of the same scope and this one, each scored whole (code: its id, name: its title), oldest first. */
  trend: z.array(UnitScoreAnswer),
  neverConfirmedTotal: z.number(),
  neverConfirmed: z.array(z.object({ id: z.string(), name: z.string(), gridCode: z.string(), delivered: z.boolean(), leader: z.object({ id: z.string(), name: z.string() }).nullable() })),
});
