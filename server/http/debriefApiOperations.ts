import { ReplayMomentQuery } from '../../common/domain/replay.ts';
import { GUARDED, type Operation, WATCHERS } from './apiOperation.ts';
import { ReplaySnapshotAnswer } from './answers/wallAnswers.ts';

/** Looking back: the wall at a past moment. */
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
];
