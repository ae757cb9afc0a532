import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../server/city/csv.ts';
import { selfIntersection } from '../../server/city/geometryChecks.ts';
import type { ImportProblem } from '../../server/city/importReport.ts';
import { checkUnits, MAX_DISTRICTS, readUnits } from '../../server/city/unitsImport.ts';

/** The city import's pure parts: CSV as spreadsheets write it, rings that cross themselves, the district cap. */
describe('city import checks', () => {
  it('reads CSV with or without a BOM, quoted fields, CRLF and blank lines; what it writes reads back', () => {
    const text = '\uFEFFid,name,note\r\n1,"张, 三","say ""hi""\r\nagain"\r\n\r\n2,李四,\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ['id', 'name', 'note'] },
      { line: 2, fields: ['1', '张, 三', 'say "hi"\r\nagain'] },
      { line: 5, fields: ['2', '李四', ''] },
    ]);
    const written = writeCsv(
      ['a', 'b'],
      [
        ['x,y', 'q"r'],
        [1, null],
      ],
    );
    expect(readCsv(written).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x,y', 'q"r'],
      ['1', ''],
    ]);
    expect(() => readCsv('a,b\n"open,2\n')).toThrow('line 2: a quoted field is never closed');
  });

  it('finds a ring crossing itself, and lets a sliver thinner than the tolerance pass', () => {
    const ring = (points: number[][]) => Float64Array.from(points.flat());
    // A bow tie 0.01° (≈ 1 km) across: crosses in the middle.
    const [x, y] = selfIntersection(
      ring([
        [113.6, 34.7],
        [113.61, 34.7],
        [113.6, 34.71],
        [113.61, 34.71],
      ]),
      5,
    )!;
    expect(x).toBeCloseTo(113.605, 9);
    expect(y).toBeCloseTo(34.705, 9);
    // A square whose top edge doubles back and crosses itself, cutting off a loop ≈ 1 m high: a quantising sliver.
    const sliver = ring([
      [113.6, 34.7],
      [113.61, 34.7],
      [113.61, 34.71],
      [113.604, 34.71],
      [113.605, 34.70999],
      [113.6045, 34.71001],
      [113.6, 34.71],
    ]);
    expect(selfIntersection(sliver, 5)).toBeNull();
    expect(selfIntersection(sliver, 0)).not.toBeNull();
  });

  it(`refuses more than ${MAX_DISTRICTS} districts`, () => {
    const square = (i: number) => {
      const [x, y] = [113 + (i % 20) * 0.01, 34 + Math.floor(i / 20) * 0.01];
      return [
        [
          [x, y],
          [x + 0.01, y],
          [x + 0.01, y + 0.01],
          [x, y + 0.01],
          [x, y],
        ],
      ];
    };
    const features = Array.from({ length: MAX_DISTRICTS + 1 }, (_, i) => ({
      type: 'Feature',
      properties: { level: 'district', code: `D${i}`, name: `区${i}`, parentCode: null },
      geometry: { type: 'Polygon', coordinates: square(i) },
    }));
    const errors: ImportProblem[] = [];
    checkUnits(readUnits(JSON.stringify({ type: 'FeatureCollection', features }), 'wgs84', errors), errors, []);
    expect(errors).toContainEqual({ file: 'units.geojson', where: 'file', message: `${MAX_DISTRICTS + 1} districts: a city has at most ${MAX_DISTRICTS}` });
  });
});
