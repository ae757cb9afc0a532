export interface OpenLoopStage {
  /** Batches the server took, and the items in them (as `send` reported). */
  accepted: number;
  /** Batches refused or lost. */
  failedBatches: number;
  /** Batches not sent because MAX in-flight requests were already waiting: the server was behind. */
  skippedBatches: number;
  /** Request round trips of the accepted batches, ms, sorted. */
  latenciesMs: number[];
  /** The stage's real duration, s, until the last request answered. */
  seconds: number;
}

/**
 * One stage of an open-loop load: `batchesPerSecond` batches on schedule for `stageSeconds`,
 * whether or not the server keeps up — past `maxInFlight` waiting requests a due batch is
 * counted as skipped rather than queued, so a slow server shows as skips, not as a slower
 * offered rate. `send` resolves the items accepted, or null when the batch was refused.
 * `onTick` runs every 5 ms with the elapsed time, for side traffic at its own rate.
 */
export async function runOpenLoopStage(options: {
  batchesPerSecond: number;
  stageSeconds: number;
  maxInFlight: number;
  send: () => Promise<number | null>;
  onTick?: (elapsedMs: number) => void;
}): Promise<OpenLoopStage> {
  const { batchesPerSecond, stageSeconds, maxInFlight, send, onTick } = options;
  const result: OpenLoopStage = { accepted: 0, failedBatches: 0, skippedBatches: 0, latenciesMs: [], seconds: 0 };
  const total = stageSeconds * batchesPerSecond;
  const started = performance.now();
  let sent = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsedMs = performance.now() - started;
      onTick?.(elapsedMs);
      const due = Math.min(Math.floor((elapsedMs / 1000) * batchesPerSecond) + 1, total);
      while (sent < due) {
        sent++;
        if (inFlight >= maxInFlight) {
          result.skippedBatches++;
          continue;
        }
        inFlight++;
        const sentAtMs = performance.now();
        send()
          .then((accepted) => {
            if (accepted === null) return void result.failedBatches++;
            result.accepted += accepted;
            result.latenciesMs.push(performance.now() - sentAtMs);
          })
          .catch(() => result.failedBatches++)
          .finally(() => inFlight--);
      }
      if (elapsedMs >= stageSeconds * 1000 && inFlight === 0) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  result.seconds = (performance.now() - started) / 1000;
  result.latenciesMs.sort((a, b) => a - b);
  return result;
}
