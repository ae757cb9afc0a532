import { describe, expect, it } from 'vitest';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import { broadcastReachMs } from '../../server/observability/nodeGauges.ts';

const sentAtMs = 1_000_000;
const progress = (over: Partial<BroadcastProgress>): BroadcastProgress =>
  ({ id: 'B1', state: 'active', sentAtMs, connected: 10, connectedReached: 0, connectedReachedAtMs: null, ...over }) as BroadcastProgress;

describe('the broadcast reach gauge (the 10-second line)', () => {
  it('grows from sending while connected phones still lack it, so an alert can fire past 10 s', () => {
    expect(broadcastReachMs(progress({ connectedReached: 9 }), sentAtMs + 12_000)).toBe(12_000);
  });

  it('holds the time every connected phone had it, once they all have', () => {
    expect(broadcastReachMs(progress({ connectedReached: 10, connectedReachedAtMs: sentAtMs + 3_400 }), sentAtMs + 60_000)).toBe(3_400);
  });

  it('is empty with nothing to reach: no broadcast, one cancelled, or no targeted phone connected', () => {
    expect(broadcastReachMs(null, sentAtMs)).toBeNull();
    expect(broadcastReachMs(progress({ state: 'cancelled' }), sentAtMs + 20_000)).toBeNull();
    expect(broadcastReachMs(progress({ connected: 0 }), sentAtMs + 20_000)).toBeNull();
  });
});
