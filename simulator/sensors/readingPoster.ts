import type { SensorReading } from '../../common/domain/sensors.ts';
import type { CityClient } from '../cityClient.ts';

/** Readings per request: half the server's limit, so one request stays well under a second. */
export const READINGS_PER_BATCH = 5_000;
/** Requests in flight at once. */
const MAX_IN_FLIGHT = 4;
/**
 * Batches allowed to wait, per class. Heartbeats beyond this are dropped a whole round at a
 * time (the next round reports the same devices); gauge and alarm readings have their own room.
 */
const MAX_WAITING_HEARTBEAT_BATCHES = 24;
const MAX_WAITING_PRIORITY_BATCHES = 40;

export interface PosterTally {
  posted: number;
  accepted: number;
  alertsOpened: number;
  alertsClosed: number;
  failedRequests: number;
  failedReadings: number;
  droppedRounds: number;
  droppedReadings: number;
  inFlight: number;
}

/**
 * Posts readings to `POST /api/sensors/readings` in batches, a bounded number at a time, from a
 * bounded queue: if the server falls behind, heartbeat rounds are dropped and counted rather than
 * piling up. Gauge and alarm readings go first.
 */
export class ReadingPoster {
  readonly tally: PosterTally = { posted: 0, accepted: 0, alertsOpened: 0, alertsClosed: 0, failedRequests: 0, failedReadings: 0, droppedRounds: 0, droppedReadings: 0, inFlight: 0 };
  private readonly priority: SensorReading[][] = [];
  private readonly heartbeats: SensorReading[][] = [];

  constructor(private readonly client: CityClient) {}

  /** Queues gauge and alarm readings; returns false (and counts them dropped) if there is no room. */
  offerPriority(readings: readonly SensorReading[]): boolean {
    return this.offer(this.priority, MAX_WAITING_PRIORITY_BATCHES, readings);
  }

  /** Queues one round of heartbeats whole, or drops it whole. */
  offerHeartbeats(readings: readonly SensorReading[]): boolean {
    return this.offer(this.heartbeats, MAX_WAITING_HEARTBEAT_BATCHES, readings);
  }

  get busy(): boolean {
    return this.tally.inFlight > 0 || this.priority.length > 0 || this.heartbeats.length > 0;
  }

  /** Stops: what still waits is dropped (and counted); requests in flight finish. */
  close(): void {
    for (const queue of [this.priority, this.heartbeats]) {
      for (const batch of queue.splice(0)) {
        this.tally.droppedRounds++;
        this.tally.droppedReadings += batch.length;
      }
    }
  }

  /** Starts as many waiting requests as the limit allows; call every tick. */
  pump(): void {
    while (this.tally.inFlight < MAX_IN_FLIGHT) {
      const batch = this.priority.shift() ?? this.heartbeats.shift();
      if (!batch) return;
      this.tally.inFlight++;
      this.post(batch)
        .catch((error: unknown) => {
          this.tally.failedRequests++;
          this.tally.failedReadings += batch.length;
          if (process.env.SIM_DEBUG) console.error('readings', error);
        })
        .finally(() => {
          this.tally.inFlight--;
          this.pump();
        });
    }
  }

  private offer(queue: SensorReading[][], limit: number, readings: readonly SensorReading[]): boolean {
    if (readings.length === 0) return true;
    const batches = Math.ceil(readings.length / READINGS_PER_BATCH);
    if (queue.length + batches > limit) {
      this.tally.droppedRounds++;
      this.tally.droppedReadings += readings.length;
      return false;
    }
    for (let i = 0; i < readings.length; i += READINGS_PER_BATCH) queue.push(readings.slice(i, i + READINGS_PER_BATCH));
    this.pump();
    return true;
  }

  private async post(batch: SensorReading[]): Promise<void> {
    const res = await this.client.request<{ accepted?: number; alertsOpened?: number; alertsClosed?: number; error?: string }>('POST', '/api/sensors/readings', { readings: batch });
    this.tally.posted += batch.length;
    if (res.status !== 200) {
      this.tally.failedRequests++;
      this.tally.failedReadings += batch.length;
      if (process.env.SIM_DEBUG) console.error('readings', res.status, JSON.stringify(res.body).slice(0, 300));
      return;
    }
    this.tally.accepted += res.body.accepted ?? 0;
    this.tally.alertsOpened += res.body.alertsOpened ?? 0;
    this.tally.alertsClosed += res.body.alertsClosed ?? 0;
  }
}
