import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaKm2, type CityGeography } from '../../common/geo/cityModel.ts';
import type { EncodedGeometry } from '../../common/geo/codec.ts';
import { communityShortName } from '../../common/geo/hierarchy.ts';
import { PLACES } from '../../common/geo/places.ts';
import { testCity } from '../support/city.ts';
import { decodeToKm, type KmRings, perimeterKm, projectRings, verticesOutside } from '../support/planar.ts';

/** Quantisation to 1e-5° moves a vertex by at most ≈ 0.7 m; allow a few metres. */
const NESTING_TOLERANCE_KM = 0.005;
/**
 * Children's areas must add up to their parent's up to a 1 m strip along the parent's boundary
 * (quantisation moves shared edges by up to ≈ 0.7 m; a gap or overlap of a real size would not fit).
 */
const AREA_STRIP_KM = 0.001;

let geo: CityGeography;
beforeAll(() => {
  geo = testCity();
});

describe('the committed geography', () => {
  it('has the levels and counts of the seed figures', () => {
    expect(geo.districts).toHaveLength(16);
    expect(
      geo.districts
        .filter((d) => d.kind === 'functional')
        .map((d) => d.shortName)
        .sort(),
    ).toEqual(['经开区', '航空港区', '郑东新区', '高新区'].sort());
    expect(geo.streets).toHaveLength(208);
    expect(geo.communities).toHaveLength(3306);
    expect(geo.grids.filter((g) => g.kind === 'regular')).toHaveLength(19_582);
    expect(geo.grids.filter((g) => g.kind === 'exclusive')).toHaveLength(4_835);
    expect(geo.microGrids).toHaveLength(47_188);
  });

  it('uses the real names and codes of the statistics source', () => {
    const rows = readFileSync('data/sources/zhengzhou-divisions.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const source = new Map(rows.map(([level, code, name]) => [`${level}:${code}`, name]));
    for (const s of geo.streets) expect(source.get(`street:${s.code}`), s.code).toBe(s.name);
    for (const c of geo.communities) expect(source.get(`community:${c.code}`), c.code).toBe(c.officialName);
    expect(rows.filter(([level]) => level === 'street')).toHaveLength(geo.streets.length);
    expect(rows.filter(([level]) => level === 'community')).toHaveLength(geo.communities.length);
    const districtNames = new Set(rows.filter(([level]) => level === 'district').map(([, , name]) => name));
    for (const d of geo.districts.filter((d) => d.codeIsOfficial)) expect(districtNames.has(d.name), d.name).toBe(true);
  });

  it('gives codes that nest: a child code starts with its parent community code', () => {
    for (const g of geo.grids) expect(g.code.startsWith(geo.communities[g.community]!.code)).toBe(true);
    for (const m of geo.microGrids) expect(m.code.startsWith(geo.grids[m.grid]!.code)).toBe(true);
    expect(new Set(geo.grids.map((g) => g.code)).size).toBe(geo.grids.length);
    expect(new Set(geo.microGrids.map((m) => m.code)).size).toBe(geo.microGrids.length);
  });

  it('puts the named exclusive grids at their real places', () => {
    const landmarks = geo.grids.filter((g) => g.landmark);
    expect(landmarks).toHaveLength(PLACES.length);
    for (const place of PLACES) expect(geo.locate(place.position[0], place.position[1])?.grid.name).toBe(`${place.name}专属网格`);
  });

  it('covers about the real area of the city (7,567 km²)', () => {
    const total = geo.districts.reduce((sum, d) => sum + d.areaKm2, 0);
    expect(total).toBeGreaterThan(7_400);
    expect(total).toBeLessThan(7_700);
  });

  it('makes urban grids smaller than rural ones', () => {
    const city = geo.data;
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const urban = geo.grids.filter((g) => g.kind === 'regular' && !geo.communities[g.community]!.rural).map((g) => areaKm2(city.grids.geometry[g.index]!));
    const rural = geo.grids.filter((g) => g.kind === 'regular' && geo.communities[g.community]!.rural).map((g) => areaKm2(city.grids.geometry[g.index]!));
    expect(median(urban) * 3).toBeLessThan(median(rural));
  });
});

describe('nesting: every unit lies inside its parent, and siblings tile the parent without overlap', () => {
  /** For each parent: children inside it (vertices within tolerance) and child areas summing to its area. */
  function checkTiling(parents: { geometry: EncodedGeometry; rings?: KmRings }[], children: { parent: number; geometry: EncodedGeometry; rings?: KmRings }[]) {
    const parentRings = parents.map((p) => p.rings ?? decodeToKm(p.geometry));
    const childArea = new Array<number>(parents.length).fill(0);
    let outside = 0;
    for (const child of children) {
      outside += verticesOutside(child.rings ?? decodeToKm(child.geometry), parentRings[child.parent]!, NESTING_TOLERANCE_KM);
      childArea[child.parent]! += areaKm2(child.geometry);
    }
    expect(outside).toBe(0);
    parents.forEach((parent, i) => {
      const allowedKm2 = perimeterKm(parentRings[i]!) * AREA_STRIP_KM;
      expect(Math.abs(childArea[i]! - areaKm2(parent.geometry)), `parent ${i}`).toBeLessThan(allowedKm2);
    });
  }

  it('streets in districts', () => {
    checkTiling(
      geo.data.city.districts,
      geo.data.city.streets.map((s) => ({ parent: s.district, geometry: s.geometry })),
    );
  });

  it('communities in streets', () => {
    checkTiling(
      geo.data.city.streets,
      geo.data.city.communities.map((c) => ({ parent: c.street, geometry: c.geometry })),
    );
  });

  it('grids (regular and exclusive) in communities', () => {
    checkTiling(
      geo.data.city.communities,
      geo.grids.map((g) => ({ parent: g.community, geometry: geo.data.grids.geometry[g.index]!, rings: projectRings(geo.gridRingsOf(g.index)) })),
    );
  });

  it('micro-grids in regular grids', () => {
    const regular = geo.grids.filter((g) => g.kind === 'regular');
    const position = new Map(regular.map((g, i) => [g.index, i]));
    checkTiling(
      regular.map((g) => ({ geometry: geo.data.grids.geometry[g.index]!, rings: projectRings(geo.gridRingsOf(g.index)) })),
      geo.microGrids.map((m) => ({ parent: position.get(m.grid)!, geometry: geo.data.microGrids.geometry[m.index]!, rings: projectRings(geo.microGridRingsOf(m.index)) })),
    );
  });

  it('exclusive grids have no micro-grids; every regular grid has at least one', () => {
    for (const g of geo.grids) expect(g.microGrids.length > 0).toBe(g.kind === 'regular');
  });
});

describe('locating a point', () => {
  it.each([
    ['郑州东站', 113.772, 34.7595, '郑东新区', '郑州东站专属网格'],
    ['二七塔', 113.6606, 34.7545, '二七区', '二七塔商圈专属网格'],
    ['嵩山少林寺', 112.935, 34.507, '登封市', '嵩山少林寺专属网格'],
    ['新郑国际机场', 113.842, 34.526, '郑州航空港经济综合实验区', '新郑国际机场专属网格'],
    ['郑州大学主校区', 113.535, 34.818, '郑州高新技术产业开发区', '郑州大学主校区专属网格'],
  ])('%s is in %s', (_place, lng, lat, district, grid) => {
    const path = geo.locate(lng, lat);
    expect(path?.district.name).toBe(district);
    expect(path?.grid.name).toBe(grid);
    expect(path?.microGrid).toBeNull();
  });

  it('finds the micro-grid of a point in an ordinary grid, with a consistent path', () => {
    const path = geo.locate(113.02, 34.755); // 巩义 town centre
    expect(path?.district.name).toBe('巩义市');
    expect(path?.grid.kind).toBe('regular');
    expect(path?.microGrid?.code.startsWith(path!.grid.code)).toBe(true);
    expect(path?.grid.code.startsWith(path!.community.code)).toBe(true);
    expect(path?.community.code.startsWith(path!.street.code)).toBe(true);
    expect(path!.grid.name.startsWith(communityShortName(path!.community.name))).toBe(true);
  });

  it.each([
    ['Beijing', 116.4, 39.9],
    ['north bank of the Yellow River', 113.6, 35.05],
    ['Kaifeng', 114.35, 34.79],
  ])('answers null outside the city (%s)', (_name, lng, lat) => {
    expect(geo.locate(lng, lat)).toBeNull();
  });
});
