import type { Logger } from '../logger.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import { beijingDayStartMs, beijingHour } from '../time/beijingDay.ts';
import { RETAINED, type Retained, type RetentionStore } from './retentionStore.ts';

const DAY_MS = 86_400_000;
/** How often the job asks whether tonight's run is due, ms. */
const CHECK_EVERY_MS = 10 * 60_000;
/** The run starts at this Beijing hour or later, once a day: the city's quietest. */
const RUN_FROM_HOUR = 3;
/** Records deleted per batch (one short transaction each). */
const BATCH_ROWS = 5000;
/** The pause between two batches, ms: intake, receipts and the walls' writes go first. */
const PAUSE_MS = 20;

/** How long each kind of record is kept, days. */
export type RetentionDays = Record<Retained, number>;

/** What the nightly job is built from. */
export interface RetentionJobOptions {
  store: RetentionStore;
  days: RetentionDays;
  /** Real time, epoch ms. */
  clock: () => number;
  /** This node holds the retention duty (a lone node always does). */
  leads: () => boolean;
  logger: Logger;
  /** Waits between batches (injected by tests). */
  pause?: (ms: number) => Promise<void>;
}

/**
 * The retention policy, enforced once a night by the node holding its lease: tracks, patrol days,
 * photos, the audit log and reporters' details on closed events older than their periods are
 * deleted in batches of BATCH_ROWS with a
 * pause between, so a night's millions of track rows never hold up intake.
 */
export class RetentionJob {
  private lastRunDayMs = 0;
  private readonly task: RepeatingTask;

  constructor(private readonly options: RetentionJobOptions) {
    this.task = new RepeatingTask(
      () => this.runIfDue(),
      (error) => options.logger.error({ err: error }, 'the retention run failed; trying again at the next check'),
    );
  }

  start(): void {
    this.task.start(CHECK_EVERY_MS);
  }

  stop(): void {
    this.task.stop();
  }

  /** Runs tonight's deletions if this node leads the duty, it is past RUN_FROM_HOUR and none ran today here. */
  async runIfDue(): Promise<Record<Retained, number> | null> {
    const now = this.options.clock();
    if (!this.options.leads() || beijingHour(now) < RUN_FROM_HOUR || beijingDayStartMs(now) <= this.lastRunDayMs) return null;
    this.lastRunDayMs = beijingDayStartMs(now);
    return this.run();
  }

  /** Deletes what each period no longer keeps, in batches; how many records of each kind went. */
  async run(): Promise<Record<Retained, number>> {
    const { store, days, clock, logger, pause = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = this.options;
    const started = performance.now();
    const deleted = Object.fromEntries(RETAINED.map((kind) => [kind, 0])) as Record<Retained, number>;
    for (const kind of RETAINED) {
      const beforeMs = clock() - days[kind] * DAY_MS;
      for (;;) {
        const n = await store.deleteBatch(kind, beforeMs, BATCH_ROWS);
        deleted[kind] += n;
        if (n < BATCH_ROWS) break;
        await pause(PAUSE_MS);
      }
    }
    logger.info({ deleted, days, ms: Math.round(performance.now() - started) }, 'retention: deleted what the policy no longer keeps');
    return deleted;
  }
}
