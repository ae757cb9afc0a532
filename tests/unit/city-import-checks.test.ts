import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../server/city/csv.ts';
import { selfIntersection } from '../../server/city/geometryChecks.ts';
import type { ImportProblem } from '../../server/city/importReport.ts';
import { checkUnits, MAX_DISTRICTS, readUnits } from '../../server/city/unitsImport.ts';
import { importServices } from '../../server/city/servicesImport.ts';
import { handlingTargetMsOf, signInTargetMsOf } from '../../server/events/sla.ts';
import { CATEGORY_CODES } from '../../common/domain/categories.ts';
import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';

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

/** `departments.csv` and `categories.csv` made into the city's service catalogue, and what it does to routing and clocks. */
describe('city services import', () => {
  const builtIn = ServiceCatalogue.builtIn();
  const districts = new Set(['D1', 'D2', 'D3']);
  const departmentsCsv = (rows: string[]) => `code,name,district,categories\n${rows.join('\n')}\n`;
  const others = CATEGORY_CODES.filter((c) => c !== 'waterMainBurst').join('|');
  const run = (files: { departments?: string; categories?: string }, current = builtIn) => {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const data = importServices(files, current, districts, errors, warnings);
    return { data, errors: errors.map((e) => `${e.file} ${e.where}: ${e.message}`), warnings: warnings.map((w) => `${w.file} ${w.where}: ${w.message}`) };
  };

  it('keeps what is in use when neither file is given', () => {
    expect(run({}).data).toBeNull();
  });

  it('takes who handles what from departments.csv alone, keeping the categories’ dispatch and targets, and warns of districts left out', () => {
    const { data, errors, warnings } = run({ departments: departmentsCsv(['w1,一区供水,D1,waterMainBurst', 'w2,二区供水,D2,waterMainBurst', `all,综合执法,,${others}`]) });
    expect(errors).toEqual([]);
    expect(data!.categories.waterMainBurst).toEqual({ ...builtIn.policy('waterMainBurst'), departments: ['w1', 'w2'] });
    expect(data!.departments[2]).toEqual({ code: 'all', name: '综合执法', nameEn: '综合执法', district: null });
    expect(warnings).toEqual(['categories.csv category waterMainBurst: no department of D3 handles it: events there go to all of its departments']);
    const services = new ServiceCatalogue(data!);
    expect(services.departmentsFor('waterMainBurst', 'D2')).toEqual(['w2']);
    expect(services.departmentsFor('waterMainBurst', 'D3')).toEqual(['w1', 'w2']);
    expect(services.departmentsFor('gasLeak', 'D1')).toEqual(['all']);
  });

  it('refuses a category no department handles, and a department of an unknown district or category', () => {
    const { errors } = run({ departments: departmentsCsv(['w1,一区供水,D9,waterMainBurst|flyingSaucer']) });
    expect(errors).toContain('departments.csv line 2: department w1: unknown district D9');
    expect(errors).toContain(`departments.csv line 2: department w1: unknown category flyingSaucer (this release files events under ${CATEGORY_CODES.join(', ')})`);
    expect(errors).toContain("departments.csv file: no department handles category gasLeak (list it in a department's categories, or give categories.csv)");
  });

  it('applies categories.csv over the departments in use: its names, dispatch and targets in whole seconds', () => {
    const { data, errors } = run({ categories: 'category,name,departments,dispatch,signInHours,resolveHours\ngasLeak,燃气泄漏险情,gas|fire|emergency,leader,0.0833,0.5\n' });
    expect(errors).toEqual([]);
    expect(data!.categories.gasLeak).toEqual({
      name: '燃气泄漏险情',
      nameEn: 'Gas leak',
      departments: ['gas', 'fire', 'emergency'],
      dispatch: 'leader',
      signInTargetMs: 300_000,
      handlingTargetMs: 1_800_000,
    });
    expect(data!.categories.waterMainBurst).toEqual(builtIn.policy('waterMainBurst'));
    const targets = { signInTargetMs: 150, signInTargetFactor: 0.5, handlingTimeScale: 1, services: new ServiceCatalogue(data!) };
    expect(signInTargetMsOf(targets, 'gasLeak')).toBe(150_000);
    expect(signInTargetMsOf(targets, 'waterMainBurst')).toBe(75);
    expect(handlingTargetMsOf(targets, 'gasLeak')).toBe(1_800_000);
  });

  it('refuses a category naming a department the city does not have, and warns where departments.csv disagrees with categories.csv', () => {
    expect(run({ categories: 'category,name,departments,dispatch,signInHours,resolveHours\ngasLeak,燃气泄漏,gasBureau,joint,1,1\n' }).errors).toEqual([
      'categories.csv line 2: category gasLeak names unknown department gasBureau (not in the departments in use)',
    ]);
    const { errors, warnings } = run({
      departments: departmentsCsv(['w1,一区供水,,waterMainBurst|gasLeak', `all,综合执法,,${others}`]),
      categories: 'category,name,departments,dispatch,signInHours,resolveHours\nwaterMainBurst,水管爆裂,w1,direct,1,4\n',
    });
    expect(errors).toEqual(
      CATEGORY_CODES.filter((c) => c !== 'waterMainBurst').map(
        (c) => `categories.csv file: category ${c} is not given and its departments in use (${builtIn.policy(c).departments.join(', ')}) are not in departments.csv`,
      ),
    );
    expect(warnings).toEqual([]);
    const agreed = run({
      departments: departmentsCsv(['w1,一区供水,,waterMainBurst|gasLeak', `all,综合执法,,${others}`]),
      categories: `category,name,departments,dispatch,signInHours,resolveHours\n${CATEGORY_CODES.map((c) => `${c},${c},${c === 'waterMainBurst' ? 'w1' : 'all'},direct,1,4`).join('\n')}\n`,
    });
    expect(agreed.errors).toEqual([]);
    expect(agreed.warnings).toEqual(['departments.csv department w1: lists category gasLeak, which categories.csv does not give it: categories.csv applies']);
  });
});
