import { HandoverQuery } from '../../common/domain/handover.ts';
import { ReplayMomentQuery } from '../../common/domain/replay.ts';
import { GUARDED, OFFICERS, type Operation, WATCHERS } from './apiOperation.ts';
import { HandoverAnswer } from './answers/handoverAnswers.ts';
import { ReplaySnapshotAnswer } from './answers/wallAnswers.ts';

/** Looking back: the wall at a past moment, and the shift's handover brief. */
export const DEBRIEF_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/wall/snapshot',
    summary:
      'The wall as it was at a moment of the kept period (`at`, epoch ms of the city’s time): events with their states then, the day’s figures, the mode, the broadcast in flight with its progress, waterlogging points and alarms, workers on duty — in the shape a live wall joins with, rebuilt from the keyframe before the moment and the deltas after it; `replay` says from what (before the record began: the events’ histories and mode switches only). The `wall:replay` socket event plays it forward.',
    tag: 'operations',
    access: WATCHERS,
    query: ReplayMomentQuery,
    responses: { 200: 'the wall then, with `replay`', 400: 'bad field, or a moment in the future', ...GUARDED },
    answers: { 200: ReplaySnapshotAnswer },
  },
  {
    method: 'get',
    path: '/api/handover',
    summary:
      '交接班: the outgoing shift’s brief over the caller’s area for `from`–`to` (epoch ms, at most 7 days): events opened and closed in it, those open now by severity and overdue, each opened and each still open by id, whistles outstanding, 三跨 cases moved, broadcasts with their final figures, mode switches with reasons; the city’s waterlogging points above their lines, alarms and workers on duty now; and the brief in zh-CN sentences (`summaryZh`)',
    tag: 'operations',
    access: OFFICERS,
    query: HandoverQuery,
    responses: { 200: 'the brief', 400: 'bad field', ...GUARDED },
    answers: { 200: HandoverAnswer },
  },
];
