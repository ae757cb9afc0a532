import type { WallDelta, WallSnapshot } from '../../common/socketCatalogue.ts';
import type { Logger } from '../logger.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { ReplayStore } from './replayStore.ts';

/**
 * A keyframe: the wall whole. `start` when the feed's sequence began again here (this node took
 * the feed over, restarted, or a write failed): the deltas before it do not lead into it, so a
 * wall playing forward loads it; `periodic` otherwise (only there to make opening a moment cheap).
 */
export interface ReplayKeyframe {
  reason: 'start' | 'periodic';
  snapshot: WallSnapshot;
}

export interface ReplayRecorderOptions {
  store: ReplayStore;
  /** The wall whole now, as a wall joining gets it (its `seq` the last delta made). */
  snapshot: () => WallSnapshot;
  /** Real time, epoch ms. */
  clock: () => number;
  keyframeEveryMs: number;
  flushEveryMs: number;
  logger: Logger;
}

/** What a delta changed beyond the figures' time: a delta that changed nothing is not recorded. */
const changedSomething = (delta: WallDelta, lastFigures: string | null): string | null => {
  const figures = JSON.stringify([{ ...delta.stats, asOfMs: 0 }, delta.workers]);
  return delta.events.length > 0 || delta.sensors || delta.broadcast || delta.mode || figures !== lastFigures ? figures : null;
};

/**
 * Records what the walls were fed, on the node that makes the feed: each delta it makes, written
 * with the others of the same half-second in one row, and a keyframe (the wall whole) every
 * `keyframeEveryMs` and whenever the sequence starts again. Writes go one at a time, in order, so
 * the rows' ids are the feed's order. A failed write is logged and the record starts again from a
 * keyframe at the next delta: a moment in the gap shows the wall as the keyframe before it had it.
 */
export class ReplayRecorder {
  private pending: WallDelta[] = [];
  private lastSeq: number | null = null;
  private lastKeyframeAtMs = Number.NEGATIVE_INFINITY;
  private lastFigures: string | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushing: RepeatingTask;
  /** Bytes stored since start, by kind: the figures of what replay costs. */
  readonly written = { keyframes: 0, steps: 0, bytes: 0 };

  constructor(private readonly o: ReplayRecorderOptions) {
    this.flushing = new RepeatingTask(
      () => this.flush(),
      (error) => o.logger.error({ err: error }, 'replay flush failed'),
    );
  }

  start(): void {
    this.flushing.start(this.o.flushEveryMs);
  }

  /** A delta this node made and sent to the walls. */
  made(delta: WallDelta): void {
    const continuous = this.lastSeq !== null && delta.seq === this.lastSeq + 1;
    this.lastSeq = delta.seq;
    const now = this.o.clock();
    if (!continuous || now - this.lastKeyframeAtMs >= this.o.keyframeEveryMs) {
      this.flush();
      this.lastKeyframeAtMs = now;
      const snapshot = this.o.snapshot();
      this.lastFigures = JSON.stringify([{ ...snapshot.stats, asOfMs: 0 }, snapshot.workers]);
      const keyframe: ReplayKeyframe = { reason: continuous ? 'periodic' : 'start', snapshot };
      this.write('key', snapshot.domainTimeMs, snapshot.domainTimeMs, 1, keyframe);
      return;
    }
    const figures = changedSomething(delta, this.lastFigures);
    if (figures === null) return;
    this.lastFigures = figures;
    this.pending.push(delta);
  }

  /** Writes the deltas noted since the last write as one row. */
  flush(): void {
    if (this.pending.length === 0) return;
    const deltas = this.pending;
    this.pending = [];
    this.write('steps', deltas[0]!.domainTimeMs, deltas.at(-1)!.domainTimeMs, deltas.length, deltas);
  }

  private write(kind: 'key' | 'steps', fromMs: number, toMs: number, frames: number, body: ReplayKeyframe | WallDelta[]): void {
    this.writing = this.writing
      .then(() => this.o.store.append(kind, fromMs, toMs, frames, body, this.o.clock()))
      .then(
        (bytes) => {
          this.written.bytes += bytes;
          if (kind === 'key') this.written.keyframes++;
          else this.written.steps++;
        },
        (error: unknown) => {
          this.o.logger.error({ err: error }, 'writing the replay record failed; it starts again from a keyframe');
          this.lastSeq = null;
        },
      );
  }

  /** Resolves once everything noted so far is written (or has failed). */
  async settled(): Promise<void> {
    this.flush();
    await this.writing;
  }

  async stop(): Promise<void> {
    this.flushing.stop();
    await this.settled();
  }
}
