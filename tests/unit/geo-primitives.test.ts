import { describe, expect, it } from 'vitest';
import { decodeGeometry, encodeGeometry } from '../../common/geo/codec.ts';
import { chineseNumeral, communityShortName } from '../../common/geo/hierarchy.ts';
import { pointInRings } from '../../common/geo/pointInPolygon.ts';
import { PolygonIndex } from '../../common/geo/polygonIndex.ts';
import { seededRandom } from '../../common/geo/random.ts';
import { apportion } from '../../scripts/geo-build/apportion.ts';
import { partition } from '../../scripts/geo-build/partition.ts';
import { area, contains, type MultiPolygon } from '../../scripts/geo-build/planar.ts';

describe('codec', () => {
  it('round-trips coordinates to within half a quantum (1e-5°)', () => {
    const shape: [number, number][][][] = [
      [
        [
          [113.12345678, 34.5],
          [113.2, 34.50001],
          [113.2, 34.6],
          [113.12345678, 34.5],
        ],
      ],
    ];
    const decoded = decodeGeometry(encodeGeometry(shape));
    expect(decoded[0]![0]).toHaveLength(4);
    decoded[0]![0]!.forEach(([lng, lat], i) => {
      expect(Math.abs(lng - shape[0]![0]![i]![0])).toBeLessThanOrEqual(0.5e-5);
      expect(Math.abs(lat - shape[0]![0]![i]![1])).toBeLessThanOrEqual(0.5e-5);
    });
  });
});

describe('names', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [40, '四十'],
    [105, '一百零五'],
    [110, '一百一十'],
  ])('%i is %s', (n, text) => expect(chineseNumeral(n)).toBe(text));

  it('refuses numbers it cannot say', () => {
    expect(() => chineseNumeral(0)).toThrow(RangeError);
    expect(() => chineseNumeral(1.5)).toThrow(RangeError);
  });

  it('shortens official community names the way people say them', () => {
    expect(communityShortName('建新社区居委会')).toBe('建新社区');
    expect(communityShortName('刘庄村民委员会')).toBe('刘庄村');
    expect(communityShortName('马寨村村委会')).toBe('马寨村');
    expect(communityShortName('光合花园社区')).toBe('光合花园社区');
  });
});

describe('apportion', () => {
  it('hits the total exactly and respects the minimum', () => {
    const shares = apportion(100, [1, 1, 1], 1);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    expect(apportion(10, [0, 0, 1000], 2)).toEqual([2, 2, 6]);
  });

  it('refuses a minimum the total cannot meet', () => {
    expect(() => apportion(2, [1, 1, 1], 1)).toThrow(RangeError);
  });
});

describe('partition', () => {
  const square: MultiPolygon = [
    [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
    ],
  ];
  const flat = () => 1;

  it('tiles the parent exactly with the requested number of cells', () => {
    const cells = partition(square, 12, { random: seededRandom(7), density: flat });
    expect(cells).toHaveLength(12);
    expect(cells.reduce((sum, c) => sum + area(c.shape), 0)).toBeCloseTo(100, 6);
    for (const cell of cells) expect(contains(cell.shape, cell.seed)).toBe(true);
  });

  it('is deterministic for a seed and different for another', () => {
    const a = partition(square, 8, { random: seededRandom(1), density: flat });
    const b = partition(square, 8, { random: seededRandom(1), density: flat });
    const c = partition(square, 8, { random: seededRandom(2), density: flat });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('keeps anchors where they are and makes cells smaller where density is higher', () => {
    const dense = ([x]: [number, number]) => (x < 5 ? 10 : 1);
    const cells = partition(square, 40, { random: seededRandom(3), density: dense, anchors: [[9.5, 9.5]] });
    expect(cells[0]).toMatchObject({ seed: [9.5, 9.5], anchored: true });
    const west = cells.filter((c) => c.seed[0] < 5).length;
    expect(west).toBeGreaterThan(40 * 0.6);
  });
});

describe('PolygonIndex', () => {
  it('puts a point in a sliver between neighbours into the nearer one, within the tolerance only', () => {
    const left = [Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1])];
    const right = [Float64Array.from([1.000001, 0, 2, 0, 2, 1, 1.000001, 1])];
    const index = new PolygonIndex([left, right], 0.25);
    expect(index.find(1.0000004, 0.5)).toBe(-1);
    expect(index.findNear(1.0000004, 0.5, 0.0001)).toBe(0);
    expect(index.findNear(1.0000008, 0.5, 0.0001)).toBe(1);
    expect(index.findNear(2.1, 0.5, 0.0001)).toBe(-1);
  });

  it('answers exactly as a brute-force scan over a tiled square', () => {
    const cells = partition(
      [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      ],
      300,
      { random: seededRandom(11), density: () => 1 },
    );
    const rings = cells.map((c) => c.shape.flatMap((polygon) => polygon.map((ring) => Float64Array.from(ring.slice(0, -1).flat()))));
    const index = new PolygonIndex(rings, 0.02);
    const random = seededRandom(5);
    for (let i = 0; i < 5000; i++) {
      const x = -0.1 + random.next() * 1.2;
      const y = -0.1 + random.next() * 1.2;
      const expected = rings.findIndex((r) => pointInRings(x, y, r));
      expect(index.find(x, y)).toBe(expected);
    }
  });
});
