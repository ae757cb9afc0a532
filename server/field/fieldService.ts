import { type Ack, ackError } from '../../common/ack.ts';
import {
  type FieldNewsEntry,
  MAX_WORKER_DOTS,
  type PositionUpdate,
  type TrackPoint,
  WORKER_CELL_DEG,
  WORKER_DOTS_FROM_ZOOM,
  type WorkerCell,
  type WorkerDot,
  type WorkersInView,
  type WorkersOnDuty,
  type WorkersView,
} from '../../common/domain/field.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { distanceKm } from '../../common/geo/projection.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { TrackRepository } from '../store/trackRepository.ts';
import { type PatrolDay, patrolStep, sumPatrolDays } from './patrolTally.ts';
import { type FieldState, judgePosition } from './positionRules.ts';
import { emptyWindow, MAX_GAP_MS, thinTrack } from './trackThinning.ts';

/** How the nodes tell each other of their phones' duty and positions (a single node has none). */
export interface FieldBus {
  publish(entries: FieldNewsEntry[]): void | Promise<void>;
  onNews(handler: (entries: FieldNewsEntry[]) => void): void;
}
/** How often a node tells the others, ms. */
const NEWS_MS = 1000;

/** Kept points are written together this often, ms: a position is acknowledged once its point is committed. */
const FLUSH_MS = 1000;
/** A phone silent this long is shown offline, ms (it shares every 30 s on duty). */
const OFFLINE_AFTER_MS = 2 * 60_000;

/** Workers counted per cell of the city (WORKER_CELL_DEG). */
function cellsOf(points: readonly { lng: number; lat: number }[]): WorkerCell[] {
  const cells = new Map<string, WorkerCell>();
  for (const p of points) {
    // The epsilon keeps a point on a cell's edge (34.76 / 0.01 = 3475.9999…) in the cell it names.
    const cx = Math.floor(p.lng / WORKER_CELL_DEG + 1e-9);
    const cy = Math.floor(p.lat / WORKER_CELL_DEG + 1e-9);
    const key = `${cx}:${cy}`;
    const cell = cells.get(key);
    if (cell) cell[2]++;
    else cells.set(key, [(cx + 0.5) * WORKER_CELL_DEG, (cy + 0.5) * WORKER_CELL_DEG, 1]);
  }
  return [...cells.values()];
}

/** What the field service is built from. */
export interface FieldServiceOptions {
  tracks: TrackRepository;
  directory: WorkerDirectory;
  geo: CityGeography;
  clock: () => number;
  onError: (error: unknown) => void;
  /** The other nodes: each tells the rest what its phones said, so every wall sees every worker. */
  bus?: FieldBus | null;
}

/**
 * Grid workers in the field: who is on duty (在岗), where each phone last was, and the day's patrol
 * tracks — positions judged at the door (off duty, outside the city, from the future, too fast,
 * too frequent or back-dated — judged on when they arrive here as well as on the phone's clock —
 * are refused), thinned to the walk's turns (trackThinning.ts), and written to the store in one
 * batch a second with each worker's patrol tally, so ≈ 3,300 positions a second cost ≈ 660 track
 * rows a second at most. Positions use real time: they come
 * from phones' clocks, not the simulated city's.
 */
export class FieldService {
  private readonly states = new Map<number, FieldState>();
  private pending: { points: (TrackPoint & { worker: string })[]; patrol: PatrolDay | null; done: (error: Error | null) => void }[] = [];
  private readonly flushing: RepeatingTask;
  private readonly onDutyByDistrict = new Map<string, number>();
  /** Workers on duty per grid code (roster indices): whom to ask to verify a report there. */
  private readonly onDutyByGrid = new Map<string, Set<number>>();
  /** Workers whose duty or position changed here since the other nodes were last told. */
  private readonly news = new Set<number>();
  private readonly telling: RepeatingTask | null = null;
  private readonly tracks: TrackRepository;
  private readonly directory: WorkerDirectory;
  private readonly geo: CityGeography;
  private readonly clock: () => number;
  private readonly bus: FieldBus | null;

  constructor({ tracks, directory, geo, clock, onError, bus = null }: FieldServiceOptions) {
    this.tracks = tracks;
    this.directory = directory;
    this.geo = geo;
    this.clock = clock;
    this.bus = bus;
    this.flushing = new RepeatingTask(() => this.flush(), onError);
    if (bus) {
      this.telling = new RepeatingTask(() => this.tell(), onError);
      bus.onNews((entries) => this.hear(entries));
    }
  }

  start(): void {
    this.flushing.start(FLUSH_MS);
    this.telling?.start(NEWS_MS);
  }

  async stop(): Promise<void> {
    this.flushing.stop();
    this.telling?.stop();
    await this.flush();
  }

  private stateOf(index: number): FieldState {
    let state = this.states.get(index);
    if (!state) this.states.set(index, (state = { onDuty: false, dutyAtMs: 0, last: null, track: emptyWindow(), receipt: null }));
    return state;
  }

  /** 在岗 / 离岗: while on duty the phone shares its position; off duty, positions are refused. */
  setDuty(index: number, onDuty: boolean): Ack<{ onDuty: boolean }> {
    this.applyDuty(index, onDuty, this.clock());
    this.news.add(index);
    return { ok: true, onDuty };
  }

  private applyDuty(index: number, onDuty: boolean, atMs: number): void {
    const state = this.stateOf(index);
    state.dutyAtMs = atMs;
    if (state.onDuty !== onDuty) {
      const { district, grid } = this.directory.homeOf(index);
      this.onDutyByDistrict.set(district, (this.onDutyByDistrict.get(district) ?? 0) + (onDuty ? 1 : -1));
      const inGrid = this.onDutyByGrid.get(grid) ?? new Set<number>();
      if (onDuty) this.onDutyByGrid.set(grid, inGrid.add(index));
      else if (inGrid.delete(index) && inGrid.size === 0) this.onDutyByGrid.delete(grid);
    }
    state.onDuty = onDuty;
  }

  /** Tells the other nodes what changed here since the last time. */
  private async tell(): Promise<void> {
    if (this.news.size === 0 || !this.bus) return;
    const entries: FieldNewsEntry[] = [];
    for (const index of this.news) {
      const { onDuty, dutyAtMs, last } = this.states.get(index)!;
      entries.push([index, onDuty ? 1 : 0, dutyAtMs, last?.lng ?? null, last?.lat ?? null, last?.atMs ?? null]);
    }
    this.news.clear();
    await this.bus.publish(entries);
  }

  /** What another node's phones said: the newer duty and the newer position win. */
  private hear(entries: FieldNewsEntry[]): void {
    for (const [index, onDuty, dutyAtMs, lng, lat, atMs] of entries) {
      if (index < 0 || index >= this.directory.size) continue;
      const state = this.stateOf(index);
      if (dutyAtMs > state.dutyAtMs) this.applyDuty(index, onDuty === 1, dutyAtMs);
      if (lng !== null && lat !== null && atMs !== null && atMs > (state.last?.atMs ?? 0)) state.last = { lng, lat, atMs };
    }
  }

  /** Workers on duty now (on this node), in all and by district of their grid: for the walls. */
  workersOnDuty(): WorkersOnDuty {
    let onDuty = 0;
    const byDistrict: Record<string, number> = {};
    for (const [district, n] of this.onDutyByDistrict) if (n > 0) (byDistrict[district] = n), (onDuty += n);
    return { onDuty, byDistrict };
  }

  /** The workers of a grid on duty now (on this node), as roster indices. */
  onDutyIn(gridCode: string): number[] {
    return [...(this.onDutyByGrid.get(gridCode) ?? [])];
  }

  /** A position from a worker's phone: refused with the reason, or acknowledged once what the track keeps of it is stored. */
  async position(index: number, update: PositionUpdate): Promise<Ack> {
    const state = this.stateOf(index);
    const judged = judgePosition(state, update, this.clock(), this.geo.locateGridIndex(update.lng, update.lat) >= 0);
    if ('error' in judged) return ackError(judged.error);
    const before = { last: state.last, track: state.track, receipt: state.receipt };
    const worker = this.directory.idOf(index);
    // The patrol from every fix; the track keeps its turns (trackThinning.ts).
    const patrol = patrolStep(worker, before.last, judged.point);
    const thinned = thinTrack(state.track, judged.point);
    state.last = judged.point;
    state.receipt = judged.receipt;
    state.track = thinned.window;
    this.news.add(index);
    if (thinned.keep.length === 0 && !patrol) return { ok: true };
    const points = thinned.keep.map((p) => ({ ...p, worker }));
    const failed = await new Promise<Error | null>((done) => this.pending.push({ points, patrol, done }));
    if (!failed) return { ok: true };
    // Not stored: forgotten, so that the phone's retry of the same fix is taken, not refused as old.
    if (state.last === judged.point) state.last = before.last;
    if (state.track === thinned.window) state.track = before.track;
    if (state.receipt === judged.receipt) state.receipt = before.receipt;
    return ackError('the position could not be stored; send it again');
  }

  /**
   * What a wall shows of the workers in its view: a dot per worker with a known position (on duty,
   * on a task, or offline) when zoomed in, at most MAX_WORKER_DOTS; counts of on-duty workers per
   * ≈ 1 km cell when zoomed out. Either way bounded by the view or the city, not by the workforce.
   */
  inView(view: WorkersView, onTask: (worker: string) => boolean): WorkersInView {
    const now = this.clock();
    if (view.zoom >= WORKER_DOTS_FROM_ZOOM) {
      const dots: WorkerDot[] = [];
      let omitted = 0;
      for (const [index, state] of this.states) {
        const p = state.last;
        if (!p || p.lng < view.west || p.lng > view.east || p.lat < view.south || p.lat > view.north) continue;
        if (dots.length >= MAX_WORKER_DOTS) {
          omitted++;
          continue;
        }
        dots.push([p.lng, p.lat, this.statusOf(index, state, p, now, onTask)]);
      }
      return { kind: 'dots', dots, omitted };
    }
    const onDuty: { lng: number; lat: number }[] = [];
    for (const state of this.states.values()) {
      const p = state.last;
      if (state.onDuty && p && now - p.atMs <= OFFLINE_AFTER_MS) onDuty.push(p);
    }
    return { kind: 'cells', cells: cellsOf(onDuty), onDuty: onDuty.length };
  }

  /**
   * The workers in a view at a past moment (real time), from their kept tracks: each worker's last
   * kept point within MAX_GAP_MS before it (a track keeps a point at least that often), so a
   * worker with a point within that long before the moment was on duty there. Dots when zoomed in
   * (all shown on duty: tasks and silences are not kept), cells when out.
   */
  async pastInView(view: WorkersView, atMs: number): Promise<WorkersInView> {
    const points = await this.tracks.lastPointsBetween(atMs - MAX_GAP_MS, atMs, this.directory.size);
    if (view.zoom >= WORKER_DOTS_FROM_ZOOM) {
      const inView = points.filter((p) => p.lng >= view.west && p.lng <= view.east && p.lat >= view.south && p.lat <= view.north);
      return { kind: 'dots', dots: inView.slice(0, MAX_WORKER_DOTS).map((p): WorkerDot => [p.lng, p.lat, 0]), omitted: Math.max(0, inView.length - MAX_WORKER_DOTS) };
    }
    return { kind: 'cells', cells: cellsOf(points), onDuty: points.length };
  }

  /**
   * The worker whose last known position is nearest a point, within `radiusM` metres; with how
   * they show on the wall (on duty, on a task, offline). Null if none is that near.
   */
  nearest(
    lng: number,
    lat: number,
    radiusM: number,
    onTask: (worker: string) => boolean,
    eligible: (index: number) => boolean = () => true,
  ): { index: number; status: 0 | 1 | 2; last: TrackPoint } | null {
    // Degrees of latitude per metre; longitude degrees shrink with the latitude's cosine.
    const dLat = radiusM / 111_320;
    const dLng = dLat / Math.cos((lat * Math.PI) / 180);
    let best: { index: number; metres: number; state: FieldState; last: TrackPoint } | null = null;
    for (const [index, state] of this.states) {
      const p = state.last;
      if (!p || Math.abs(p.lng - lng) > dLng || Math.abs(p.lat - lat) > dLat) continue;
      const metres = distanceKm([lng, lat], [p.lng, p.lat]) * 1000;
      if (metres <= radiusM && (!best || metres < best.metres) && eligible(index)) best = { index, metres, state, last: p };
    }
    if (!best) return null;
    return { index: best.index, status: this.statusOf(best.index, best.state, best.last, this.clock(), onTask), last: best.last };
  }

  /** How a worker shows on the wall: 0 on duty, 1 on a task, 2 offline (off duty, or silent too long). */
  private statusOf(index: number, state: FieldState, last: TrackPoint, nowMs: number, onTask: (worker: string) => boolean): WorkerDot[2] {
    if (!state.onDuty || nowMs - last.atMs > OFFLINE_AFTER_MS) return 2;
    return onTask(this.directory.idOf(index)) ? 1 : 0;
  }

  /** A worker's track over [fromMs, toMs), oldest first. */
  trackOf(worker: string, fromMs: number, toMs: number): Promise<TrackPoint[]> {
    return this.tracks.pointsOf(worker, fromMs, toMs);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      await this.tracks.append(
        batch.flatMap((b) => b.points),
        sumPatrolDays(batch.flatMap((b) => (b.patrol ? [b.patrol] : []))),
      );
      for (const b of batch) b.done(null);
    } catch (error) {
      for (const b of batch) b.done(error as Error);
      throw error;
    }
  }
}
