import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { DomainClock } from '../../server/time/domainClock.ts';
import { beijingDayStartMs } from '../../server/time/beijingDay.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * One clock for the demo: while the simulator tells the server its clock, event timestamps, SLA
 * clocks and today's figures follow it (sign-in reads as minutes, not seconds); real time still
 * drives tokens. Without it, domain time is real time, and it never steps back.
 */
describe('domain time follows the simulator', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({ simulationClock: true });
    for (const name of ['integration', 'officer', 'dept.waterSupply']) tokens[name] = await login(server.url, name);
  });
  afterAll(() => server?.stop());
  const post = (who: string, path: string, body: unknown) => call(server.url, 'POST', path, tokens[who]!, body);

  it('is real time until told; then events, sign-in times and today’s figures run on the simulated clock', async () => {
    const before = (await call(server.url, 'GET', '/api/clock', tokens['dept.waterSupply']!)).body.clock;
    expect(before.simulated).toBe(false);
    expect(Math.abs(before.nowMs - Date.now())).toBeLessThan(2000);
    expect((await post('officer', '/api/clock', { simulatedNowMs: Date.now(), speed: 20 })).status).toBe(403);
    expect(await post('integration', '/api/clock', { simulatedNowMs: Date.now(), speed: 5000 })).toMatchObject({ status: 400, body: { fields: ['speed'] } });

    // 03:00 of the next Beijing day: the event and its sign-in fall on one simulated day whenever the test runs.
    const simulatedStart = beijingDayStartMs(Date.now()) + 27 * 3_600_000;
    const told = await post('integration', '/api/clock', { simulatedNowMs: simulatedStart, speed: 20 });
    expect(told.body.clock).toMatchObject({ speed: 20, simulated: true });
    const created = await post('integration', '/api/events', report({ category: 'waterMainBurst', lng: 113.66, lat: 34.75 }));
    const event = (await call(server.url, 'GET', `/api/events/${created.body.id}`, tokens.officer!)).body.event;
    expect(event.receivedAtMs).toBeGreaterThanOrEqual(simulatedStart);
    expect(event.receivedAtMs - simulatedStart).toBeLessThan(60_000);

    // Three real seconds to sign in are a minute of the city's time.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const signed = (await post('dept.waterSupply', `/api/events/${created.body.id}/transitions`, { to: 'signed' })).body.event;
    expect(signed.signedAtMs - signed.dispatchedAtMs).toBeGreaterThanOrEqual(55_000);
    const stats = (await call(server.url, 'GET', '/api/stats/today', tokens.officer!)).body;
    expect(stats.asOfMs).toBeGreaterThanOrEqual(simulatedStart);
    expect(stats.signIn.meanMs).toBeGreaterThanOrEqual(55_000);

    // Told an earlier time, it does not step back.
    const now = (await call(server.url, 'GET', '/api/clock', tokens.officer!)).body.clock.nowMs;
    const back = await post('integration', '/api/clock', { simulatedNowMs: Date.now(), speed: 20 });
    expect(back.body.clock.nowMs).toBeGreaterThanOrEqual(now);
  });
});

describe('DomainClock', () => {
  it('follows a simulated clock while told, then runs on at real speed from where it was, never stepping back', () => {
    let real = 1_000_000;
    const clock = new DomainClock(() => real, 15_000);
    expect(clock.now()).toBe(1_000_000);
    clock.follow(2_000_000, 20);
    real += 1000;
    expect(clock.now()).toBe(2_020_000);
    clock.follow(1_500_000, 20);
    expect(clock.now()).toBe(2_020_000);
    // Silent for longer than the lapse: real speed from where it had got to.
    real += 16_000;
    const lapsed = clock.now();
    expect(lapsed).toBe(2_020_000 + 16_000 * 20);
    real += 1000;
    expect(clock.now()).toBe(lapsed + 1000);
    expect(clock.status).toMatchObject({ speed: 1, simulated: true });
  });
});
