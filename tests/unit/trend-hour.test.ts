import { describe, expect, it } from 'vitest';
import { highlightedHour } from '../../client/panels/trendHour.ts';

describe('the hour the wall’s trend highlights', () => {
  it('is the city’s hour when a simulator runs the city ahead of the wall’s clock', () => {
    // Real time 02:30 UTC = 10:30 Beijing; the simulated city is at 21:15 Beijing.
    const realMs = Date.UTC(2026, 11, 2, 2, 30);
    const cityMs = Date.UTC(2026, 11, 2, 13, 15);
    expect(highlightedHour({ asOfMs: realMs }, cityMs)).toBe(21);
  });

  it('falls back to the figures’ own time before the feed has said the city’s', () => {
    expect(highlightedHour({ asOfMs: Date.UTC(2026, 11, 2, 16, 5) }, 0)).toBe(0);
  });
});
