import { type BroadcastPriority, BroadcastPriority as Priority } from '../../common/domain/broadcasts.ts';

/** How long a target may stay unreached by the app and push before an SMS, per priority, ms. */
export type LadderWaits = Readonly<Record<BroadcastPriority, number>>;

export const DEFAULT_LADDER_WAITS: LadderWaits = { flash: 20_000, urgent: 60_000, normal: 600_000 };
/** The longest wait a priority may be given, ms (a day: a broadcast is followed no longer by default). */
const MAX_WAIT_MS = 86_400_000;

/**
 * `BROADCAST_LADDER_MS`, e.g. `flash:20000,urgent:60000,normal:600000`: any subset, the rest keep
 * their defaults. A malformed entry is refused with what was wrong, naming the variable.
 */
export function readLadderWaits(setting: string | undefined): LadderWaits {
  const waits = { ...DEFAULT_LADDER_WAITS };
  for (const entry of (setting ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+):(\d{1,9})$/.exec(entry);
    const priority = Priority.safeParse(match?.[1]);
    if (!match || !priority.success) throw new Error(`invalid configuration: BROADCAST_LADDER_MS: ${JSON.stringify(entry)} is not <priority>:<ms> with a priority of ${Priority.options.join(', ')}`);
    const ms = Number(match[2]);
    if (ms > MAX_WAIT_MS) throw new Error(`invalid configuration: BROADCAST_LADDER_MS: ${priority.data} waits at most ${MAX_WAIT_MS} ms`);
    waits[priority.data] = ms;
  }
  return waits;
}
