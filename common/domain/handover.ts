import { z } from 'zod';
import { MomentMs } from './time.ts';
import type { BroadcastPriority } from './broadcasts.ts';
import type { Category } from './categories.ts';
import type { EventState } from './events.ts';
import type { WorkersOnDuty } from './field.ts';
import type { ModeState } from './modes.ts';
import type { AlertLevel, SensorKind } from './sensors.ts';

/** The longest period one brief covers: a week (a shift is 8–12 hours; a weekend's handover three days). */
export const HANDOVER_SPAN_MAX_MS = 7 * 86_400_000;
/** Events listed by id in each list of a brief; the counts count all. */
export const HANDOVER_EVENTS_LISTED = 500;

/** `GET /api/handover?from=&to=`: the outgoing shift's hours, epoch ms. */
export const HandoverQuery = z
  .object({ from: MomentMs, to: MomentMs })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= HANDOVER_SPAN_MAX_MS, { message: `at most ${HANDOVER_SPAN_MAX_MS / 86_400_000} days`, path: ['to'] });

/** How pressing an open event is, by its handling target: 紧急 within an hour, 较急 within four, 一般 beyond. */
export const SEVERITIES = ['urgent', 'prompt', 'routine'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  urgent: { zh: '紧急', en: 'Urgent' },
  prompt: { zh: '较急', en: 'Prompt' },
  routine: { zh: '一般', en: 'Routine' },
};
export const severityOf = (handlingTargetMs: number): Severity => (handlingTargetMs <= 3_600_000 ? 'urgent' : handlingTargetMs <= 4 * 3_600_000 ? 'prompt' : 'routine');

/** An event as the brief lists it. `overdue`: past a deadline (escalated). */
export interface HandoverEvent {
  id: string;
  category: Category;
  categoryName: string;
  districtCode: string;
  districtName: string;
  state: EventState;
  receivedAtMs: number;
  severity: Severity;
  overdue: boolean;
}

/** 交接班: what the outgoing shift hands over, for the officer's area. */
export interface HandoverBrief {
  fromMs: number;
  toMs: number;
  generatedAtMs: number;
  /** The area it covers: the officer's unit, or the whole city (code null). */
  area: { code: string | null; name: string };
  events: {
    /** Received in the period (duplicates not counted), and closed (办结) in it. */
    opened: number;
    closed: number;
    /** Open now (any day's), by severity, and how many of them are overdue. */
    openNow: number;
    openBySeverity: Record<Severity, number>;
    overdue: number;
    /** Each opened in the period, and each still open, by id (at most HANDOVER_EVENTS_LISTED each; `…Omitted` more). */
    openedList: HandoverEvent[];
    openedOmitted: number;
    stillOpen: HandoverEvent[];
    stillOpenOmitted: number;
  };
  /** 吹哨: whistles with departments yet to report in. */
  whistlesOutstanding: { eventId: string; atMs: number; deadlineAtMs: number; late: boolean; waiting: string[] }[];
  /** 三跨 cases opened, met on or closed in the period. */
  casesMoved: { id: string; title: string; state: 'open' | 'closed'; moves: ('opened' | 'met' | 'closed')[] }[];
  /** Broadcasts sent in the period, with their final figures. */
  broadcasts: {
    id: string;
    title: string;
    priority: BroadcastPriority;
    exercise: boolean;
    state: 'active' | 'cancelled';
    sentAtMs: number;
    targeted: number;
    delivered: number;
    confirmed: number;
    allDeliveredAtMs: number | null;
  }[];
  modeSwitches: ModeState[];
  /** At the brief's making, the whole city's (as every wall shows them): waterlogging points above their lines, devices in alarm. */
  sensors: {
    waterAbove: { id: string; name: string; depthCm: number; level: AlertLevel }[];
    alarms: { sensorId: string; kind: SensorKind; districtCode: string; level: AlertLevel; value: number; unit: string; sinceMs: number }[];
  };
  /** Grid workers on duty now, the whole city's by district (as every wall shows them). */
  workersOnDuty: WorkersOnDuty;
  /** The brief in sentences (zh-CN), for the printed page and for pasting into the shift log. */
  summaryZh: string[];
}

/** Shift changes of the operations centre, Beijing hours: day shift 08:00–20:00, night shift 20:00–08:00. */
export const SHIFT_CHANGE_HOURS = [8, 20] as const;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;

/** The shift under way at `nowMs`: from its last change (08:00 or 20:00 Beijing) to now — what the outgoing officer hands over. */
export function currentShift(nowMs: number): { fromMs: number; toMs: number } {
  const local = nowMs + BEIJING_OFFSET_MS;
  const dayStart = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  const starts = [dayStart - 86_400_000 + SHIFT_CHANGE_HOURS[1] * HOUR_MS, ...SHIFT_CHANGE_HOURS.map((h) => dayStart + h * HOUR_MS)];
  const start = Math.max(...starts.filter((s) => s <= local));
  return { fromMs: start - BEIJING_OFFSET_MS, toMs: nowMs };
}
