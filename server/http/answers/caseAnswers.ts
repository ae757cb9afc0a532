import { z } from 'zod';
import { CASE_KINDS, type CaseMeeting, type CaseSummary, type CrossCase } from '../../../common/domain/cases.ts';
import { ErrorAnswer } from '../apiOperation.ts';
import { sameShape } from './sameShape.ts';

/** A joint meeting (联席会议): when it was held and recorded (epoch ms), who took part, what was decided. */
export const CaseMeetingAnswer = z.object({
  atMs: z.number(),
  participants: z.array(z.string()),
  decisions: z.string(),
  recordedBy: z.string(),
  recordedAtMs: z.number(),
});
sameShape<z.output<typeof CaseMeetingAnswer>, CaseMeeting>(true);

/** 三跨案件 with its meetings; times are epoch ms. */
export const CrossCaseAnswer = z.object({
  id: z.string(),
  title: z.string(),
  kinds: z.array(z.enum(CASE_KINDS)),
  eventIds: z.array(z.string()),
  departments: z.array(z.string()),
  districtCodes: z.array(z.string()),
  streetCodes: z.array(z.string()),
  state: z.enum(['open', 'closed']),
  openedBy: z.string(),
  openedAtMs: z.number(),
  closedBy: z.string().nullable(),
  closedAtMs: z.number().nullable(),
  resolution: z.string().nullable(),
  meetings: z.array(CaseMeetingAnswer),
  /** 1 when opened, one more with each change. */
  version: z.number().int().min(1),
});
sameShape<z.output<typeof CrossCaseAnswer>, CrossCase>(true);

/** The board's summary; closedRate is closed / held, 0..1, null when none is held. */
export const CaseSummaryAnswer = z.object({
  held: z.number().int().min(0),
  open: z.number().int().min(0),
  closed: z.number().int().min(0),
  closedRate: z.number().min(0).max(1).nullable(),
});
sameShape<z.output<typeof CaseSummaryAnswer>, CaseSummary>(true);

/** `GET /api/cases`: the cases the officer may see, newest first, and the summary of them. */
export const CaseListAnswer = z.object({ cases: z.array(CrossCaseAnswer), summary: CaseSummaryAnswer });

/** A case opened, read, met on or closed. */
export const CaseAnswer = z.object({ case: CrossCaseAnswer });

/** A command on a case refused with 409 (closed, or changed meanwhile): the case as it is now, when it still is. */
export const CaseConflictAnswer = ErrorAnswer.extend({ case: CrossCaseAnswer.optional() });
