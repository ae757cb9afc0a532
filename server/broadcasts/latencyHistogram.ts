/**
 * Delivery latencies in 10 ms buckets up to 2 minutes (later ones share the last bucket): memory
 * and percentile cost stay fixed however many workers answer, and two histograms add up, so
 * figures from several server nodes could be merged.
 */
const BUCKET_MS = 10;
const BUCKETS = 12_000;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;

  add(ms: number): void {
    this.counts[Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)))]!++;
    this.total++;
  }

  /** Adds `count` samples to one bucket (figures counted elsewhere, e.g. in Redis). */
  addBucket(bucket: number, count: number): void {
    if (!(bucket >= 0 && bucket < BUCKETS) || !(count > 0)) return;
    this.counts[bucket]! += count;
    this.total += count;
  }

  get count(): number {
    return this.total;
  }

  /** The latency below which a share `p` of the samples fall (upper bucket edge, ms); null when empty. */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(this.total * p));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) if ((seen += this.counts[b]!) >= rank) return (b + 1) * BUCKET_MS;
    return BUCKETS * BUCKET_MS;
  }
}
