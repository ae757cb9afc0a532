/**
 * Simulated time running `speed` times faster than the wall clock, and a queue of actions due at
 * simulated instants (a binary heap), run by a fixed real-time tick.
 */
export class SimScheduler {
  private readonly heap: { atMs: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  private readonly realStartMs = Date.now();

  constructor(
    readonly simStartMs: number,
    readonly speed: number,
  ) {}

  now(): number {
    return this.simStartMs + (Date.now() - this.realStartMs) * this.speed;
  }

  get pending(): number {
    return this.heap.length;
  }

  at(atMs: number, run: () => void): void {
    const item = { atMs, seq: this.seq++, run };
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Runs every action due by now, in time order. */
  runDue(): void {
    const now = this.now();
    while (this.heap.length > 0 && this.heap[0]!.atMs <= now) this.pop().run();
  }

  private less(a: { atMs: number; seq: number }, b: { atMs: number; seq: number }): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private pop() {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
