import type { CityClient } from '../cityClient.ts';
import { ReadingPoster } from './readingPoster.ts';
import type { SensorWorld } from './sensorWorld.ts';

/** How often heartbeats due are gathered and posted, real ms. */
const HEARTBEAT_TICK_MS = 1_000;

/**
 * The city's sensors talking to the server: heartbeats of every device at its kind's interval in
 * real time (the server judges freshness by its own clock), gauge depths and alarms as the
 * simulated weather and faults produce them. Readings carry the real time they were made.
 */
export class SensorFeed {
  readonly poster: ReadingPoster;
  private timer: NodeJS.Timeout | undefined;
  private startedAtMs = 0;
  private heartbeatsUpToMs = 0;
  /** Until started, the world still advances (a storm still rains) but nothing is posted. */
  private posting = false;

  constructor(
    client: CityClient,
    readonly world: SensorWorld,
    private readonly clock: () => number = Date.now,
  ) {
    this.poster = new ReadingPoster(client);
  }

  start(): void {
    this.posting = true;
    this.startedAtMs = this.clock();
    this.heartbeatsUpToMs = 0;
    this.timer = setInterval(() => this.heartbeatTick(), HEARTBEAT_TICK_MS);
    this.heartbeatTick();
  }

  stop(): void {
    this.posting = false;
    clearInterval(this.timer);
    this.poster.close();
  }

  /** Advances the simulated sensors to `simMs` and posts what they said; call every tick. */
  advance(simMs: number): void {
    const readings = this.world.advanceTo(simMs, this.clock());
    if (this.posting) this.poster.offerPriority(readings);
  }

  get busy(): boolean {
    return this.poster.busy;
  }

  private heartbeatTick(): void {
    const now = this.clock();
    const toMs = now - this.startedAtMs + 1;
    const readings = this.world.heartbeats(this.heartbeatsUpToMs, toMs, now);
    // A dropped round is not retried: those devices report again at their next heartbeat.
    this.heartbeatsUpToMs = toMs;
    this.poster.offerHeartbeats(readings);
  }
}
