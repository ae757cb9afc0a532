import { describe, expect, it } from 'vitest';
import type { PositionUpdate, TrackPoint } from '../../common/domain/field.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { WorkerDirectory } from '../../server/broadcasts/workerDirectory.ts';
import { FieldService } from '../../server/field/fieldService.ts';
import { type PatrolDay, patrolStep } from '../../server/field/patrolTally.ts';
import { type FieldState, judgePosition } from '../../server/field/positionRules.ts';
import { emptyWindow } from '../../server/field/trackThinning.ts';
import type { TrackRepository } from '../../server/store/trackRepository.ts';

/**
 * Positions are judged on when they reach the server as well as on the phone's clock: a burst of
 * back-dated fixes walks nowhere, while honest phones — late fixes, slow networks, clocks that are
 * simply wrong — are taken. Every clock here is injected: nothing sleeps.
 */
const T0 = Date.UTC(2026, 11, 6, 2, 0); // 10:00 in Beijing
const ORIGIN: [number, number] = [113.66, 34.75];
/** A point `metres` east of the origin. */
const east = (metres: number) => +(ORIGIN[0] + metres / (111_320 * Math.cos((ORIGIN[1] * Math.PI) / 180))).toFixed(7);

/** One phone judged fix by fix as FieldService does (accepted fixes move the state on), adding up the patrol the store would. */
function phone() {
  const state: FieldState = { onDuty: true, dutyAtMs: T0, last: null, track: emptyWindow(), receipt: null };
  const patrol = { ms: 0, m: 0, accepted: 0, refused: [] as string[] };
  return {
    state,
    patrol,
    /** A fix claiming `atMs`, reaching the server at `receivedMs`. */
    send(receivedMs: number, atMs: number, lng: number): boolean {
      const judged = judgePosition(state, { lng, lat: ORIGIN[1], atMs, accuracyM: 5 }, receivedMs, true);
      if ('error' in judged) return (void patrol.refused.push(judged.error), false);
      patrol.accepted++;
      const step: PatrolDay | null = patrolStep('W000001', state.last, judged.point);
      if (step) (patrol.ms += step.patrolMs), (patrol.m += step.patrolM);
      state.last = judged.point;
      state.receipt = judged.receipt;
      return true;
    },
  };
}

/** Deterministic numbers in [0, 1). */
function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('positions judged on their receipt as well as the phone’s clock', () => {
  it('a burst of 118 fixes in 8 s, each dated 25 s after the last, walks nowhere', () => {
    const p = phone();
    // Dated from 9½ minutes ago on, 200 m apart (8 m/s: under the speed limit), all sent within 8 s.
    for (let i = 0; i < 118; i++) p.send(T0 + Math.round((i * 8000) / 118), T0 - 570_000 + i * 25_000, east(i * 200));
    expect(p.patrol.accepted).toBe(1);
    expect(p.patrol).toMatchObject({ ms: 0, m: 0 });
    expect(p.patrol.refused.filter((e) => e.includes('too frequent')).length).toBeGreaterThan(0);
    expect(p.patrol.refused.filter((e) => e.includes('future')).length).toBeGreaterThan(0);
  });

  it('spaced out at one fix per 5 s, the same back-dating gains at most a minute', () => {
    const p = phone();
    for (let i = 0; i < 118; i++) p.send(T0 + i * 5_000, T0 - 570_000 + i * 25_000, east(i * 200));
    expect(p.patrol.refused.some((e) => e.includes('back-dated'))).toBe(true);
    // Accepted: the first and those dated at most 60 s further on than they arrived: 4 of them.
    expect(p.patrol.accepted).toBe(4);
    expect(p.patrol.ms).toBe(75_000);
    expect(p.patrol.m).toBeCloseTo(600, 0);
  });

  it('refuses a fix that arrives sooner than the 5 s spacing after the last, whatever it claims', () => {
    const p = phone();
    expect(p.send(T0, T0 - 60_000, east(0))).toBe(true);
    expect(p.send(T0 + 1_000, T0 - 30_000, east(30))).toBe(false);
    expect(p.patrol.refused).toEqual([expect.stringContaining('too frequent')]);
    expect(p.send(T0 + 4_500, T0 - 55_000, east(30))).toBe(true);
  });

  it('takes an honest phone: fixes up to 15 s old, slow and uneven delivery, a clock minutes behind or a minute ahead', () => {
    for (const skewMs of [0, -5 * 60_000, +50_000]) {
      const p = phone();
      const random = seeded(7);
      let walked = 0;
      // Two hours at one fix per 30 s (the worker app's pace), 1.2 m/s.
      for (let i = 0; i < 240; i++) {
        const takenMs = T0 + i * 30_000 - Math.round(random() * 15_000);
        const receivedMs = T0 + i * 30_000 + Math.round(random() * 20_000);
        walked = i * 36;
        expect(p.send(receivedMs, takenMs + skewMs, east(walked)), `fix ${i}, skew ${skewMs}`).toBe(true);
      }
      expect(p.patrol.refused).toEqual([]);
      expect(Math.abs(p.patrol.m - walked) / walked).toBeLessThan(0.01);
    }
  });

  it('judges a phone’s clock afresh after 5 minutes without a fix taken (a clock set right, say)', () => {
    const p = phone();
    expect(p.send(T0, T0 - 120_000, east(0))).toBe(true);
    // The phone's clock jumps 2 minutes ahead: refused within the walk…
    expect(p.send(T0 + 30_000, T0 + 30_000, east(30))).toBe(false);
    expect(p.patrol.refused).toEqual([expect.stringContaining('back-dated')]);
    expect(p.send(T0 + 4 * 60_000, T0 + 4 * 60_000, east(60))).toBe(false);
    // …taken once 5 minutes have passed here since the last fix taken; that step is no walk (over 5 min by the phone).
    expect(p.send(T0 + 5 * 60_000, T0 + 5 * 60_000, east(90))).toBe(true);
    expect(p.send(T0 + 5 * 60_000 + 30_000, T0 + 5 * 60_000 + 30_000, east(120))).toBe(true);
    expect(p.patrol.ms).toBe(30_000);
  });

  it('on the field service: the burst is refused with the ack’s { ok: false, error } and stores no patrol', async () => {
    const rows: (TrackPoint & { worker: string })[] = [];
    const days: PatrolDay[] = [];
    const tracks: TrackRepository = {
      append: async (points, patrol) => void (rows.push(...points), days.push(...patrol)),
      pointsOf: async () => rows,
      patrolBetween: async () => [],
      lastPointsBetween: async () => [],
    };
    const directory = { homeOf: () => ({ district: '410103', street: '410103001', community: 'c', grid: 'g' }), idOf: () => 'W000001' } as unknown as WorkerDirectory;
    const geo = { locateGridIndex: () => 0 } as unknown as CityGeography;
    let clockMs = T0;
    const field = new FieldService({
      tracks,
      directory,
      geo,
      clock: () => clockMs,
      onError: () => {},
    });
    const flush = () => (field as unknown as { flush: () => Promise<void> }).flush();
    field.setDuty(0, true);
    const acks = [];
    for (let i = 0; i < 118; i++) {
      clockMs = T0 + Math.round((i * 8000) / 118);
      const fix: PositionUpdate = { lng: east(i * 200), lat: ORIGIN[1], atMs: T0 - 570_000 + i * 25_000, accuracyM: 5 };
      acks.push(field.position(0, fix));
    }
    await flush();
    const answers = await Promise.all(acks);
    expect(answers[0]).toEqual({ ok: true });
    expect(answers.slice(1).every((a) => a.ok === false && typeof a.error === 'string')).toBe(true);
    expect(rows).toHaveLength(1);
    expect(days).toEqual([]);
  });
});
