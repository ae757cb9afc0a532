import { z } from 'zod';

/** 一网受理: every channel that feeds the one intake. */
export const EVENT_CHANNELS = ['hotline12345', 'police110', 'photoReport', 'gridPatrol', 'digitalCityManagement', 'heating', 'iotAlarm', 'aiVideo', 'mediaPatrol'] as const;
export const EventChannel = z.enum(EVENT_CHANNELS);
export type EventChannel = z.infer<typeof EventChannel>;

export const EVENT_CHANNEL_LABELS: Record<EventChannel, { zh: string; en: string }> = {
  hotline12345: { zh: '12345热线', en: '12345 hotline' },
  police110: { zh: '110联动', en: '110 handover' },
  photoReport: { zh: '郑好拍', en: 'Photo report' },
  gridPatrol: { zh: '网格巡查', en: 'Grid patrol' },
  digitalCityManagement: { zh: '数字城管', en: 'Digital city management' },
  heating: { zh: '热力系统', en: 'Heating system' },
  iotAlarm: { zh: '物联感知', en: 'IoT alarm' },
  aiVideo: { zh: 'AI视频', en: 'AI video' },
  mediaPatrol: { zh: '网络舆情', en: 'Network and media' },
};

/**
 * The lifecycle: 上报 → 受理 → 立案 → 派遣 → 签收 → 处置 → 办结 → 评价, with 退回 (returned) and
 * escalation. `returned` goes back to filing for re-dispatch; `escalated` is raised a level and
 * dispatched again from there.
 */
export const EVENT_STATES = ['reported', 'accepted', 'filed', 'dispatched', 'signed', 'handling', 'resolved', 'evaluated', 'returned', 'escalated'] as const;
export const EventState = z.enum(EVENT_STATES);
export type EventState = z.infer<typeof EventState>;

export const EVENT_STATE_LABELS: Record<EventState, { zh: string; en: string }> = {
  reported: { zh: '上报', en: 'Reported' },
  accepted: { zh: '受理', en: 'Accepted' },
  filed: { zh: '立案', en: 'Filed' },
  dispatched: { zh: '派遣', en: 'Dispatched' },
  signed: { zh: '签收', en: 'Signed' },
  handling: { zh: '处置', en: 'Handling' },
  resolved: { zh: '办结', en: 'Resolved' },
  evaluated: { zh: '评价', en: 'Evaluated' },
  returned: { zh: '退回', en: 'Returned' },
  escalated: { zh: '升级', en: 'Escalated' },
};

const TRANSITIONS: Record<EventState, readonly EventState[]> = {
  reported: ['accepted'],
  accepted: ['filed'],
  filed: ['dispatched', 'escalated'],
  dispatched: ['signed', 'returned', 'escalated'],
  signed: ['handling', 'returned', 'escalated'],
  handling: ['resolved', 'escalated'],
  resolved: ['evaluated'],
  evaluated: [],
  returned: ['filed', 'dispatched'],
  escalated: ['dispatched'],
};

/** 办结 and 评价: the states in which an event is closed (nobody's work any more). */
export const CLOSED_STATES: ReadonlySet<EventState> = new Set(['resolved', 'evaluated']);

export function canTransition(from: EventState, to: EventState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStates(from: EventState): readonly EventState[] {
  return TRANSITIONS[from];
}
