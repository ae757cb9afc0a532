/**
 * A duty run on a clock: an error is reported and the next tick tries again (a timer must never
 * end the process), and a tick still running when the next falls due is not overlapped.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly tick: () => unknown,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /** Runs a tick now (unless one is running); resolves when it is done. */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.tick();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
