import { REPLAY_SPAN_MAX_MS, REPLAY_SPEEDS, type ReplaySpeed } from '../../common/domain/replay.ts';
import type { ReplayFrame, ReplayOrigin, ReplaySnapshot } from '../../common/socketCatalogue.ts';
import { applyDelta, applySnapshot, type WallState } from './wallState.ts';

/** Where a replay's data comes from: the server's snapshot of a moment, the frames after it, and the live edge. */
export interface ReplaySource {
  snapshotAt(atMs: number): Promise<ReplaySnapshot>;
  frames(afterMs: number, untilMs: number): Promise<{ frames: ReplayFrame[]; untilMs: number }>;
  /** The city's time now: replay playing into it becomes live. */
  liveNowMs(): number;
}

export type ReplayView =
  | { kind: 'live' }
  | {
      kind: 'replay';
      /** The moment shown, epoch ms of the city's time. */
      atMs: number;
      speed: ReplaySpeed;
      playing: boolean;
      loading: boolean;
      error: string | null;
      origin: ReplayOrigin | null;
      /** Times the wall's time was held back because the frames had not come yet (falling behind). */
      heldBack: number;
    };

/** Frames are asked for this far ahead of the moment shown, in the wall's real seconds (× speed). */
const LOOKAHEAD_REAL_MS = 4000;

const frameTimeOf = (frame: ReplayFrame) => (frame.kind === 'delta' ? frame.delta.domainTimeMs : frame.snapshot.domainTimeMs);

/**
 * The wall put back to a moment and played forward: opens the moment from the server's snapshot,
 * then applies the recorded frames as the wall's time reaches them, asking for the next ones ahead
 * of time. Its time never passes the frames it holds (it waits for them instead, and counts it);
 * reaching the live edge returns the wall to live. Clock and sources are given, so it is tested
 * without a browser or a server.
 */
export class ReplayPlayer {
  private view: ReplayView = { kind: 'live' };
  private data: WallState | null = null;
  private buffer: ReplayFrame[] = [];
  private fetchedUntilMs = 0;
  private fetching = false;
  private lastTickRealMs = 0;
  /** Bumped by every open and return to live: answers to an earlier one are dropped. */
  private generation = 0;

  constructor(
    private readonly source: ReplaySource,
    private readonly show: (view: ReplayView, data: WallState | null) => void,
    private readonly realNow: () => number = Date.now,
  ) {}

  get current(): ReplayView {
    return this.view;
  }

  /** Puts the wall back to `atMs` (paused unless it was playing); now or later is live. */
  async open(atMs: number): Promise<void> {
    if (atMs >= this.source.liveNowMs()) return this.live();
    const generation = ++this.generation;
    const before = this.view;
    const atMsShown = atMs;
    this.view = {
      kind: 'replay',
      atMs: atMsShown,
      speed: before.kind === 'replay' ? before.speed : 1,
      playing: before.kind === 'replay' && before.playing,
      loading: true,
      error: null,
      origin: before.kind === 'replay' ? before.origin : null,
      heldBack: before.kind === 'replay' ? before.heldBack : 0,
    };
    this.emit();
    try {
      const snapshot = await this.source.snapshotAt(atMsShown);
      if (generation !== this.generation) return;
      this.data = applySnapshot(snapshot);
      this.buffer = [];
      this.fetchedUntilMs = atMsShown;
      this.fetching = false;
      this.lastTickRealMs = this.realNow();
      this.update({ loading: false, origin: snapshot.replay });
      // The first frames are asked for at once, enough for the fastest speed: playing starts from them.
      this.fetchAhead(atMsShown, Math.max(...REPLAY_SPEEDS), this.source.liveNowMs());
    } catch (error) {
      if (generation !== this.generation) return;
      this.update({ loading: false, playing: false, error: (error as Error).message });
    }
  }

  play(speed?: ReplaySpeed): void {
    if (this.view.kind !== 'replay') return;
    this.lastTickRealMs = this.realNow();
    this.update({ playing: true, ...(speed ? { speed } : {}) });
  }

  pause(): void {
    this.update({ playing: false });
  }

  setSpeed(speed: ReplaySpeed): void {
    this.update({ speed });
  }

  /** Moves the moment shown by `byMs` (a step back opens the moment anew; a step forward too). */
  step(byMs: number): Promise<void> {
    return this.view.kind === 'replay' ? this.open(this.view.atMs + byMs) : Promise.resolve();
  }

  live(): void {
    this.generation++;
    this.view = { kind: 'live' };
    this.data = null;
    this.buffer = [];
    this.emit();
  }

  /** Moves the wall's time on (while playing) and applies the frames it has reached; call it often (every ~250 ms). */
  tick(): void {
    const view = this.view;
    if (view.kind !== 'replay' || view.loading || !this.data) return;
    const realNow = this.realNow();
    const elapsedMs = Math.max(0, realNow - this.lastTickRealMs);
    this.lastTickRealMs = realNow;
    const liveNowMs = this.source.liveNowMs();
    let atMs = view.atMs;
    let heldBack = view.heldBack;
    if (view.playing) {
      atMs += elapsedMs * view.speed;
      if (atMs >= liveNowMs) return this.live();
      if (atMs > this.fetchedUntilMs) {
        atMs = Math.max(view.atMs, this.fetchedUntilMs);
        heldBack++;
      }
    }
    this.fetchAhead(atMs, view.speed, liveNowMs);
    let data = this.data;
    while (this.buffer.length > 0 && frameTimeOf(this.buffer[0]!) <= atMs) {
      const frame = this.buffer.shift()!;
      // Renumbered: the record's deltas follow one another, whatever their sequence was live.
      data = frame.kind === 'keyframe' ? applySnapshot(frame.snapshot) : (applyDelta(data, { ...frame.delta, seq: data.seq + 1 }) as WallState);
    }
    this.data = data;
    this.update({ atMs, heldBack });
  }

  private fetchAhead(atMs: number, speed: number, liveNowMs: number): void {
    if (this.fetching || this.fetchedUntilMs >= liveNowMs) return;
    if (this.fetchedUntilMs > atMs + LOOKAHEAD_REAL_MS * speed) return;
    const afterMs = this.fetchedUntilMs;
    const untilMs = Math.min(liveNowMs, afterMs + Math.min(REPLAY_SPAN_MAX_MS, 2 * LOOKAHEAD_REAL_MS * speed));
    if (untilMs <= afterMs) return;
    const generation = this.generation;
    this.fetching = true;
    this.source.frames(afterMs, untilMs).then(
      (answer) => {
        if (generation !== this.generation) return;
        this.fetching = false;
        this.buffer.push(...answer.frames);
        this.fetchedUntilMs = Math.max(this.fetchedUntilMs, answer.untilMs);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.fetching = false;
        this.update({ error: (error as Error).message });
      },
    );
  }

  private update(change: Partial<Extract<ReplayView, { kind: 'replay' }>>): void {
    if (this.view.kind !== 'replay') return;
    this.view = { ...this.view, ...change };
    this.emit();
  }

  private emit(): void {
    this.show(this.view, this.data);
  }
}
