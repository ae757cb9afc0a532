import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../common/domain/eventRecords.ts';
import type { RunningServer } from '../../server/index.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * The simulated city's people act through the desks' own endpoints: the duty officer takes the
 * desk's steps on what intake left there, each department signs and resolves on its own account,
 * spanning reports become 三跨 cases; and the server's domain time follows the simulated clock.
 */
describe('the simulator at the desks', () => {
  let server: RunningServer;
  let output = '';
  beforeAll(async () => {
    server = await startTestServer({ simulationClock: true });
    // From 09:00 Beijing on the simulated clock: two hours of a morning's reports, whatever the time of the run (at night they are few).
    const simulator = spawn(
      process.execPath,
      ['--import', 'tsx', 'simulator/index.ts', '--url', server.url, '--speed', '600', '--hours', '2', '--drain-hours', '1', '--events-per-day', '8000', '--no-sensors', '--start-hour', '9'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    simulator.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    simulator.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => simulator.once('exit', resolve));
    if (code !== 0) throw new Error(`simulator exited ${code}: ${output.slice(-2000)}`);
  }, 120_000);
  afterAll(() => server?.stop());

  it('moves events as the officer and the departments, each on its own account, on the simulated clock', async () => {
    const officer = await login(server.url, 'officer');
    const events = (await call(server.url, 'GET', '/api/events?limit=500', officer)).body.events as { id: string; state: string; receivedAtMs: number }[];
    expect(events.length).toBeGreaterThan(100);
    const actors = new Map<string, Set<string>>();
    for (const e of events.slice(0, 150)) {
      const history = (await call(server.url, 'GET', `/api/events/${e.id}`, officer)).body.history as Transition[];
      for (const t of history) (actors.get(t.to) ?? actors.set(t.to, new Set()).get(t.to)!).add(t.actor);
    }
    // 签收 and 办结 by departments' own accounts; the desk's steps by the officer (or the system at intake).
    for (const to of ['signed', 'resolved']) expect([...(actors.get(to) ?? [])].every((a) => a.startsWith('dept.'))).toBe(true);
    expect([...(actors.get('accepted') ?? [])].every((a) => a === 'officer' || a === 'system')).toBe(true);
    expect(actors.get('accepted')?.has('officer')).toBe(true);
    // Two simulated hours and one of draining pass in ≈ 18 real seconds: the newest 500 events span far more than that.
    const span = Math.max(...events.map((e) => e.receivedAtMs)) - Math.min(...events.map((e) => e.receivedAtMs));
    expect(span).toBeGreaterThan(10 * 60_000);
    // Sign-in reads in simulated minutes (the seeds' mean is 5), not the fraction of a real second it took.
    const signed = (events as unknown as { signedAtMs: number | null; dispatchedAtMs: number | null }[]).filter((e) => e.signedAtMs !== null && e.dispatchedAtMs !== null);
    const meanMs = signed.reduce((sum, e) => sum + (e.signedAtMs! - e.dispatchedAtMs!), 0) / signed.length;
    expect(meanMs).toBeGreaterThan(60_000);
    expect(output).toContain('sign-in mean');
  });
});
