import { z } from 'zod';
import { storableText } from './text.ts';
import { DEPARTMENTS_PER_COMMAND_MAX, DepartmentCode } from './departments.ts';

/** 三跨: what a case spans — regions (跨区域), levels (跨层级), departments (跨部门). */
export const CASE_KINDS = ['region', 'level', 'department'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_LABELS: Record<CaseKind, { zh: string; en: string }> = {
  region: { zh: '跨区域', en: 'Cross-region' },
  level: { zh: '跨层级', en: 'Cross-level' },
  department: { zh: '跨部门', en: 'Cross-department' },
};

/** A joint meeting (联席会议) on a case: when, who took part, what was decided. */
export interface CaseMeeting {
  atMs: number;
  participants: string[];
  decisions: string;
  recordedBy: string;
  recordedAtMs: number;
}

/** 三跨案件: a matter spanning jurisdictions, held by the centre from opening to closure. */
export interface CrossCase {
  id: string;
  title: string;
  kinds: CaseKind[];
  eventIds: string[];
  departments: string[];
  /** Where its events lie: who may see it (an officer of any of them; the city centre all). */
  districtCodes: string[];
  streetCodes: string[];
  state: 'open' | 'closed';
  openedBy: string;
  openedAtMs: number;
  closedBy: string | null;
  closedAtMs: number | null;
  resolution: string | null;
  meetings: CaseMeeting[];
  /** 1 when opened, one more with each change: a writer holding an older one is refused (409). */
  version: number;
}

/** The board's summary, shaped as the seeds' figures (2,695 held, 2,583 closed, 95.84 %). */
export interface CaseSummary {
  held: number;
  open: number;
  closed: number;
  /** closed / held, 0..1; null when none is held. */
  closedRate: number | null;
}

const unique = (items: readonly string[]) => new Set(items).size === items.length;

/** `POST /api/cases`: a case opened from events that span jurisdictions. */
export const OpenCaseCommand = z.object({
  title: storableText(100).min(1, 'is required'),
  kinds: z
    .array(z.enum(CASE_KINDS, { error: `must be one of ${CASE_KINDS.join(', ')}` }))
    .min(1, 'at least one')
    .max(CASE_KINDS.length)
    .refine(unique, 'must not repeat a kind'),
  eventIds: z
    .array(z.string().regex(/^EV\d{9,12}$/, 'must be an event id such as EV000000042'))
    .min(1, 'at least one')
    .max(50, 'at most 50')
    .refine(unique, 'must not repeat an event'),
  departments: z.array(DepartmentCode).max(DEPARTMENTS_PER_COMMAND_MAX, `at most ${DEPARTMENTS_PER_COMMAND_MAX}`).refine(unique, 'must not repeat a department').default([]),
});
export type OpenCaseCommand = z.infer<typeof OpenCaseCommand>;

/** `POST /api/cases/:id/meetings`: a joint meeting held (epoch ms), its participants and decisions. */
export const MeetingCommand = z.object({
  atMs: z.number({ error: 'must be epoch milliseconds' }).int('must be whole milliseconds').min(0),
  participants: z.array(storableText(50).min(1, 'must not be empty')).min(1, 'at least one').max(50, 'at most 50'),
  decisions: storableText(2000).min(1, 'is required'),
});

/** `POST /api/cases/:id/close`: how it was resolved. */
export const CloseCaseCommand = z.object({
  resolution: storableText(1000).min(1, 'is required'),
});

export const CaseListQuery = z.object({ state: z.enum(['open', 'closed']).optional() });

export function caseSummary(cases: readonly Pick<CrossCase, 'state'>[]): CaseSummary {
  const closed = cases.filter((c) => c.state === 'closed').length;
  return { held: cases.length, open: cases.length - closed, closed, closedRate: cases.length ? closed / cases.length : null };
}
