import { describe, expect, it } from 'vitest';
import { DUPLICATE_WINDOW_MS, DuplicateIndex, duplicateCell, duplicateSearchCells } from '../../server/events/duplicates.ts';

/** ≈ 100 m east of a point at Zhengzhou's latitude, in degrees of longitude. */
const EAST_100_M = 0.1 / (111.32 * Math.cos((34.75 * Math.PI) / 180));
const AT = Date.UTC(2026, 11, 8, 2);

describe('the duplicate index', () => {
  it('finds the earliest open event of the same category within 150 m, across a cell border', () => {
    const index = new DuplicateIndex();
    // 113.6999 and 113.7001 lie in neighbouring ≈ 200 m cells.
    index.add('garbage', { id: 'E2', lng: 113.6999, lat: 34.75, atMs: AT - 60_000 });
    index.add('garbage', { id: 'E1', lng: 113.6999 + EAST_100_M, lat: 34.75, atMs: AT - 120_000 });
    expect(index.find('garbage', 113.7001, 34.75, AT)).toBe('E1');
  });

  it('keeps categories apart, and misses what is too far or outside the window', () => {
    const index = new DuplicateIndex();
    index.add('garbage', { id: 'E1', lng: 113.7, lat: 34.75, atMs: AT });
    expect(index.find('noise', 113.7, 34.75, AT)).toBeNull();
    expect(index.find('garbage', 113.7 + 2 * EAST_100_M, 34.75, AT)).toBeNull();
    expect(index.find('garbage', 113.7, 34.75, AT + DUPLICATE_WINDOW_MS + 1)).toBeNull();
    expect(index.find('garbage', 113.7, 34.75, AT + DUPLICATE_WINDOW_MS)).toBe('E1');
  });

  it('forgets a removed event, and tells cells apart at any longitude and latitude', () => {
    const index = new DuplicateIndex();
    index.add('garbage', { id: 'E1', lng: 113.7, lat: 34.75, atMs: AT });
    index.remove('garbage', { id: 'E1', lng: 113.7, lat: 34.75 });
    expect(index.find('garbage', 113.7, 34.75, AT)).toBeNull();
    // A far-off point whose row would spill into the next column if cells were packed too tightly.
    index.add('garbage', { id: 'FAR', lng: -179.99, lat: -89.99, atMs: AT });
    expect(index.find('garbage', -179.99, 89.99, AT)).toBeNull();
    expect(index.find('garbage', -179.99, -89.99, AT)).toBe('FAR');
    expect(duplicateSearchCells(113.7, 34.75)).toContain(duplicateCell(113.7, 34.75));
  });
});
