import { z } from 'zod';
import { MomentMs } from './time.ts';

/** The widest span one `wall:replay` asks for, ms of the city's time: ×60 for 15 s of the wall's time. */
export const REPLAY_SPAN_MAX_MS = 15 * 60_000;

/** `GET /api/wall/snapshot?at=`: the moment to put the wall back to, epoch ms of the city's time. */
export const ReplayMomentQuery = z.object({ at: MomentMs });

/** `wall:replay` from a wall playing forward: what the walls were fed after `afterMs` up to `untilMs`. */
export const ReplayRange = z
  .object({ afterMs: MomentMs, untilMs: MomentMs })
  .refine((r) => r.untilMs > r.afterMs, { message: 'untilMs must be after afterMs', path: ['untilMs'] })
  .refine((r) => r.untilMs - r.afterMs <= REPLAY_SPAN_MAX_MS, { message: `at most ${REPLAY_SPAN_MAX_MS} ms at a time`, path: ['untilMs'] });
export type ReplayRange = z.infer<typeof ReplayRange>;

/** Playing speeds a wall offers: real time, ×10, ×60. */
export const REPLAY_SPEEDS = [1, 10, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
