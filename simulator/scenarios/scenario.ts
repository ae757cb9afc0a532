import type { EventFocus } from '../generators/eventFocus.ts';

export const SCENARIOS = ['normal', 'rainstorm', 'holiday', 'major-event'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<ScenarioName, string> = {
  normal: '日常运行',
  rainstorm: '暴雨',
  holiday: '重大节假日',
  'major-event': '重大活动保障',
};

/**
 * What a scenario adds to the normal day and the sensor feed underneath it: where the day's
 * reports gather, the officer's actions at the start and the end, and its words in the progress line.
 */
export interface Scenario {
  readonly name: ScenarioName;
  /** Where a share of the day's reports gather; undefined: as on a normal day. */
  readonly focus?: EventFocus;
  /** The normal day's volume is multiplied by this (a holiday brings more). */
  readonly volumeFactor: number;
  /** The run does not end before this simulated time (a storm must drain first). */
  readonly minEndMs: number;
  begin(): Promise<void>;
  finish(): Promise<void>;
  /** Officer actions still under way. */
  readonly busy: boolean;
  status(): string;
}

/** The normal day: nothing added. */
export function normalScenario(startMs: number): Scenario {
  return { name: 'normal', volumeFactor: 1, minEndMs: startMs, begin: async () => {}, finish: async () => {}, busy: false, status: () => '' };
}

/** Officer actions under way: `run` wraps one, `busy` says whether any has not answered yet. */
export function officerActions(): { run: (action: () => Promise<unknown>) => Promise<void>; readonly busy: boolean } {
  let pending = 0;
  return {
    run: async (action) => {
      pending++;
      await action().finally(() => pending--);
    },
    get busy() {
      return pending > 0;
    },
  };
}
