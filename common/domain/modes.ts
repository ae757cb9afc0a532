import { z } from 'zod';
import { storableText } from './text.ts';
import type { AlertLevel } from './sensors.ts';

/** 多模态: the four ways the city is run, each with its own emphasis, thresholds and clocks. */
export const OPERATING_MODES = ['routine', 'holiday', 'majorEvent', 'emergency'] as const;
export const OperatingMode = z.enum(OPERATING_MODES);
export type OperatingMode = z.infer<typeof OperatingMode>;

export const OPERATING_MODE_LABELS: Record<OperatingMode, { zh: string; en: string }> = {
  routine: { zh: '日常运行', en: 'Daily operation' },
  holiday: { zh: '重大节假日', en: 'Major holiday' },
  majorEvent: { zh: '重大活动保障', en: 'Major event' },
  emergency: { zh: '应急处置', en: 'Emergency response' },
};

/** What the wall leads with: the day's events, crowds at the exclusive grids, or water and alarms. */
export type WallEmphasis = 'events' | 'crowds' | 'water';

export interface ModeProfile {
  emphasis: WallEmphasis;
  /** Multiplies the 签收 target: tighter when more is at stake. */
  signInTargetFactor: number;
  /** The lowest waterlogging level that opens an event. */
  waterEventLevel: AlertLevel;
}

export const MODE_PROFILES: Record<OperatingMode, ModeProfile> = {
  routine: { emphasis: 'events', signInTargetFactor: 1, waterEventLevel: 'yellow' },
  holiday: { emphasis: 'crowds', signInTargetFactor: 0.8, waterEventLevel: 'yellow' },
  majorEvent: { emphasis: 'crowds', signInTargetFactor: 0.6, waterEventLevel: 'yellow' },
  emergency: { emphasis: 'water', signInTargetFactor: 0.5, waterEventLevel: 'blue' },
};

/** `POST /api/mode`: the mode and why (kept in the audit log). */
export const ModeChange = z.object({
  mode: OperatingMode,
  reason: storableText(200).min(1, 'is required'),
});
export type ModeChange = z.infer<typeof ModeChange>;

/** The city's mode now: who set it, when and why. */
export interface ModeState {
  mode: OperatingMode;
  sinceMs: number;
  actor: string;
  reason: string;
}

export const INITIAL_MODE: ModeState = { mode: 'routine', sinceMs: 0, actor: 'system', reason: '系统初始' };
