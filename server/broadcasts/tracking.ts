import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { LatencyHistogram } from './latencyHistogram.ts';
import type { WorkerDirectory } from './workerDirectory.ts';

/** A worker's receipt for a broadcast, by roster index: none yet, delivered, confirmed by hand. */
export const NONE = 0;
export const DELIVERED = 1;
export const CONFIRMED = 2;

/**
 * One broadcast as this node follows it: whom it targets, each worker's receipt here, and this
 * node's totals. The totals move with each receipt and each worker coming or going, so reporting
 * them four times a second costs the 16 districts, not a pass over 100,000 workers.
 */
export class Tracking {
  readonly targets: Int32Array;
  /** Per roster index: 1 if targeted. */
  readonly targeted: Uint8Array;
  /** Per roster index: NONE, DELIVERED or CONFIRMED, as received on this node. */
  readonly status: Uint8Array;
  readonly latency = new LatencyHistogram();
  readonly targetedByDistrict: Int32Array;
  readonly deliveredByDistrict: number[];
  /** At the confirmation deadline: the unconfirmed by grid (roster indices), for their leaders. */
  overdueByGrid?: Map<string, number[]>;
  delivered = 0;
  confirmed = 0;
  /** Targeted workers with a socket open on this node. */
  onlineTargeted = 0;
  /** Of those, how many have it. */
  onlineDelivered = 0;
  allDeliveredAtMs: number | null = null;
  /** When every targeted phone connected at that moment first had it. */
  connectedReachedAtMs: number | null = null;
  private readonly districtOfWorker: Uint8Array;

  constructor(
    public broadcast: Broadcast,
    directory: WorkerDirectory,
    online: Iterable<number>,
    targets: Int32Array = directory.targets(broadcast.scope),
  ) {
    this.districtOfWorker = directory.districtOfWorker;
    this.targets = targets;
    this.targeted = new Uint8Array(directory.size);
    this.status = new Uint8Array(directory.size);
    this.targetedByDistrict = new Int32Array(directory.districtCodes.length);
    this.deliveredByDistrict = new Array<number>(directory.districtCodes.length).fill(0);
    for (const i of this.targets) {
      this.targeted[i] = 1;
      this.targetedByDistrict[this.districtOfWorker[i]!]!++;
    }
    for (const i of online) this.onlineTargeted += this.targeted[i]!;
  }

  /** Raises a worker's receipt to `level`; a lower or equal one changes nothing. `online`: the worker has a socket on this node now. */
  mark(index: number, level: number, atMs: number, online = false): void {
    const current = this.status[index]!;
    if (current >= level) return;
    if (current === NONE) {
      this.delivered++;
      this.deliveredByDistrict[this.districtOfWorker[index]!]!++;
      this.latency.add(atMs - this.broadcast.sentAtMs);
      if (this.delivered === this.targets.length) this.allDeliveredAtMs = atMs;
      if (online) {
        this.onlineDelivered++;
        if (this.connectedReachedAtMs === null && this.onlineDelivered >= this.onlineTargeted) this.connectedReachedAtMs = atMs;
      }
    }
    if (level === CONFIRMED) this.confirmed++;
    this.status[index] = level;
  }

  /** A worker's first socket on this node opened (+1) or their last one closed (−1). */
  presence(index: number, delta: 1 | -1): void {
    if (!this.targeted[index]) return;
    this.onlineTargeted += delta;
    if (this.status[index] !== NONE) this.onlineDelivered += delta;
  }
}
