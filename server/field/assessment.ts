import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { PatrolTotal } from '../store/trackRepository.ts';

export const ASSESSMENT_LEVELS = ['worker', 'grid', 'community', 'street'] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];

/** One unit's work over a period (网格员考核), ranked. */
export interface AssessmentRow {
  rank: number;
  /** A worker id, or a grid, community or street code. */
  code: string;
  reports: number;
  verified: number;
  handled: number;
  /** Mean time from a task given to its 签收, ms; null without one. */
  responseMeanMs: number | null;
  patrolMinutes: number;
  patrolKm: number;
}

/**
 * 网格员考核 over [fromMs, toMs): per worker, grid, community or street — reports made, tasks
 * verified and handled, response time, patrol time and distance — ranked by work done (reports,
 * verifications and handlings), then by distance patrolled. Patrol comes summed per worker over
 * the period's days (patrolTally.ts). `unitOf` maps a worker to the unit counted at the chosen
 * level, or null when outside the asker's area. Pure.
 */
export function assess(events: readonly CityEvent[], patrol: readonly PatrolTotal[], fromMs: number, toMs: number, unitOf: (worker: string) => string | null): AssessmentRow[] {
  const rows = new Map<string, Omit<AssessmentRow, 'rank'> & { responses: number; responseSumMs: number }>();
  const row = (worker: string) => {
    const code = unitOf(worker);
    if (code === null) return null;
    let r = rows.get(code);
    if (!r) rows.set(code, (r = { code, reports: 0, verified: 0, handled: 0, responseMeanMs: null, patrolMinutes: 0, patrolKm: 0, responses: 0, responseSumMs: 0 }));
    return r;
  };
  const within = (ms: number | null) => ms !== null && ms >= fromMs && ms < toMs;
  for (const e of events) {
    if (e.reportedBy && within(e.receivedAtMs)) {
      const r = row(e.reportedBy);
      if (r) r.reports++;
    }
    const task = e.task;
    if (!task) continue;
    const r = row(task.worker);
    if (!r) continue;
    if (within(task.completedAtMs)) task.kind === 'verify' ? r.verified++ : r.handled++;
    if (task.acceptedAtMs !== null && within(task.acceptedAtMs)) r.responses++, (r.responseSumMs += task.acceptedAtMs - task.assignedAtMs);
  }
  for (const p of patrol) {
    const r = row(p.worker);
    if (!r) continue;
    r.patrolMinutes += p.patrolMs / 60_000;
    r.patrolKm += p.patrolM / 1000;
  }
  return [...rows.values()]
    .map(({ responses, responseSumMs, ...r }) => ({
      ...r,
      responseMeanMs: responses ? Math.round(responseSumMs / responses) : null,
      patrolMinutes: Math.round(r.patrolMinutes),
      patrolKm: Math.round(r.patrolKm * 100) / 100,
    }))
    .sort((a, b) => b.reports + b.verified + b.handled - (a.reports + a.verified + a.handled) || b.patrolKm - a.patrolKm || a.code.localeCompare(b.code))
    .map((r, i) => ({ rank: i + 1, ...r }));
}

/** The rows as CSV for Excel (UTF-8 with a BOM, so Chinese headers open as such). */
export function assessmentCsv(rows: readonly AssessmentRow[], level: AssessmentLevel): string {
  const header = ['名次 rank', `${level}`, '上报 reports', '核查 verified', '即时办 handled', '平均响应(分) response (min)', '巡查时长(分) patrol (min)', '巡查里程(km) patrol (km)'];
  const lines = rows.map((r) => [r.rank, r.code, r.reports, r.verified, r.handled, r.responseMeanMs === null ? '' : (r.responseMeanMs / 60_000).toFixed(1), r.patrolMinutes, r.patrolKm].join(','));
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
