import type { ReplayFrame, ReplaySnapshot, WallDelta, WallSnapshot } from '../../common/socketCatalogue.ts';
import { foldDelta } from '../../common/wallFold.ts';
import type { ReplayKeyframe } from './replayRecorder.ts';
import type { ReplayStore } from './replayStore.ts';

/** Rows one request for frames reads at most: a wall playing forward asks again from where they end. */
const FRAME_ROWS_PER_ASK = 240;

export interface WallReplayOptions {
  store: ReplayStore;
  /** The wall at a moment before the record began, rebuilt from what the store kept anyway. */
  fromHistory: (atMs: number) => Promise<WallSnapshot>;
  /** How often a keyframe is recorded and the deltas written (real ms): bounds the rows between two keyframes. */
  keyframeEveryMs: number;
  flushEveryMs: number;
}

/**
 * The wall at any moment of the kept period, read from the replay record: the keyframe at or
 * before it, then the deltas recorded after that keyframe up to the moment, folded as a wall
 * folds them. The rows read are bounded by the keyframe interval, not by how far back the moment
 * is. Any node answers (it only reads); live walls and intake are not touched.
 */
export class WallReplay {
  /** Rows of deltas between two keyframes at most, with room for flushes forced by keyframes and slow writes. */
  private readonly stepRowsBetweenKeyframes: number;

  constructor(private readonly o: WallReplayOptions) {
    this.stepRowsBetweenKeyframes = 2 * Math.ceil(o.keyframeEveryMs / o.flushEveryMs) + 16;
  }

  async snapshotAt(atMs: number): Promise<ReplaySnapshot> {
    const key = await this.o.store.keyframeAtOrBefore(atMs);
    if (!key) {
      const rebuilt = await this.o.fromHistory(atMs);
      return { ...rebuilt, replay: { atMs, rebuiltFrom: 'history', keyframeAtMs: null, rowsRead: 0, recordedFromMs: await this.o.store.earliestMs() } };
    }
    const steps = await this.o.store.stepsAfter(key, atMs, this.stepRowsBetweenKeyframes);
    let snapshot = (key.body as ReplayKeyframe).snapshot;
    for (const row of steps) for (const delta of row.body as WallDelta[]) if (delta.domainTimeMs <= atMs) snapshot = foldDelta(snapshot, delta);
    return { ...snapshot, replay: { atMs, rebuiltFrom: 'keyframe', keyframeAtMs: key.fromMs, rowsRead: 1 + steps.length, recordedFromMs: await this.o.store.earliestMs() } };
  }

  /**
   * What the walls were fed after `afterMs` up to `untilMs` (the city's time), in order: the deltas,
   * and a keyframe wherever the feed's sequence started again (a wall playing forward loads it
   * whole). `untilMs` in the answer is how far the frames go: short of the asked end when the rows
   * ran out of this request's bound, and the wall asks again from there.
   */
  async framesBetween(afterMs: number, untilMs: number): Promise<{ frames: ReplayFrame[]; untilMs: number }> {
    const rows = await this.o.store.between(afterMs, untilMs, FRAME_ROWS_PER_ASK);
    const reachedMs = rows.length === FRAME_ROWS_PER_ASK ? Math.min(untilMs, rows.at(-1)!.toMs) : untilMs;
    const frames: ReplayFrame[] = [];
    for (const row of rows) {
      if (row.kind === 'key') {
        const keyframe = row.body as ReplayKeyframe;
        if (keyframe.reason === 'start' && row.fromMs > afterMs && row.fromMs <= reachedMs) frames.push({ kind: 'keyframe', snapshot: keyframe.snapshot });
        continue;
      }
      for (const delta of row.body as WallDelta[]) if (delta.domainTimeMs > afterMs && delta.domainTimeMs <= reachedMs) frames.push({ kind: 'delta', delta });
    }
    return { frames, untilMs: reachedMs };
  }
}
