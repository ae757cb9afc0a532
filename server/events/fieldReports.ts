import type { Principal } from '../../common/domain/auth.ts';
import type { EventReport, IntakeReport } from '../../common/domain/eventRecords.ts';

export type FieldRefusal = { code: 400 | 403; error: string; field?: string };

/**
 * A grid worker's report from the field (上报, 郑好拍-style), as the intake takes it: one at a
 * time, on channel gridPatrol only, the worker recorded as its reporter. The external id (the
 * phone's outbox key) is kept per worker, so a replay after reconnecting is the same event and
 * another worker's key can never name it.
 */
export function fieldReportOf(principal: Principal, body: unknown, parsed: EventReport | EventReport[]): IntakeReport | FieldRefusal {
  if (Array.isArray(body) || Array.isArray(parsed)) return { code: 400, error: 'a grid worker reports one event at a time, not a batch' };
  if (parsed.channel !== 'gridPatrol') return { code: 403, error: `channel: a grid worker reports on gridPatrol only, not ${parsed.channel}`, field: 'channel' };
  return {
    ...parsed,
    reporter: { name: principal.username },
    reportedBy: principal.username,
    ...(parsed.externalId ? { externalId: `${principal.username}/${parsed.externalId}` } : {}),
  };
}
