/** Polls every `intervalMs` until `check` holds, for at most `timeoutMs`; returns how long it took, ms. */
export async function within(timeoutMs: number, check: () => Promise<boolean> | boolean, intervalMs = 100): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
}
