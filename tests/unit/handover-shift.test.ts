import { describe, expect, it } from 'vitest';
import { currentShift, severityOf } from '../../common/domain/handover.ts';

/** Beijing time as epoch ms. */
const beijing = (day: number, hour: number, minute = 0) => Date.UTC(2026, 11, day, hour - 8, minute);

describe('the shift under way', () => {
  it('is the day shift from 08:00 and the night shift from 20:00, across midnight', () => {
    expect(currentShift(beijing(7, 14, 3))).toEqual({ fromMs: beijing(7, 8), toMs: beijing(7, 14, 3) });
    expect(currentShift(beijing(7, 8))).toEqual({ fromMs: beijing(7, 8), toMs: beijing(7, 8) });
    expect(currentShift(beijing(7, 21, 30))).toEqual({ fromMs: beijing(7, 20), toMs: beijing(7, 21, 30) });
    // After midnight the night shift began the evening before.
    expect(currentShift(beijing(8, 3, 15))).toEqual({ fromMs: beijing(7, 20), toMs: beijing(8, 3, 15) });
    expect(currentShift(beijing(8, 7, 59))).toEqual({ fromMs: beijing(7, 20), toMs: beijing(8, 7, 59) });
  });

  it('rates an open event by its handling target: within an hour urgent, four hours prompt, beyond routine', () => {
    expect([severityOf(3_600_000), severityOf(4 * 3_600_000), severityOf(24 * 3_600_000)]).toEqual(['urgent', 'prompt', 'routine']);
  });
});
