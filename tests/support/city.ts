import type { CityGeography } from '../../common/geo/cityModel.ts';
import { buildRoster } from '../../common/geo/roster.ts';
import { testConfig } from '../../server/config.ts';
import { loadCity } from '../../server/geo/loadCity.ts';

let cached: CityGeography | undefined;

/** The committed city, loaded once per test file (≈ 1 s). */
export function testCity(): CityGeography {
  cached ??= loadCity();
  return cached;
}

type GridPathOf = NonNullable<ReturnType<CityGeography['locate']>>;

/** The first point of a coarse scan of the city whose grid path passes a test (a street, a district, outside one). */
export function pointWhere(test: (path: GridPathOf) => boolean): { lng: number; lat: number } {
  const geo = testCity();
  for (let lng = 113.55; lng < 113.8; lng += 0.004)
    for (let lat = 34.65; lat < 34.85; lat += 0.004) {
      const path = geo.locate(lng, lat);
      if (path && test(path)) return { lng, lat };
    }
  throw new Error('no such point in the city');
}

/** A regular grid whose code starts with `codePrefix`, and the ids of the demo roster's workers in it. */
export function gridWithWorkers(codePrefix: string): { grid: CityGeography['grids'][number]; workers: string[] } {
  const geo = testCity();
  const roster = buildRoster(geo, testConfig().citySeed);
  const grid = geo.grids.find((g) => g.kind === 'regular' && g.code.startsWith(codePrefix))!;
  const workers = Array.from({ length: roster.size }, (_, i) => i)
    .filter((i) => roster.grid[i] === grid.index)
    .map((i) => roster.id(i));
  return { grid, workers };
}
