import type { CityGeography } from '../../common/geo/cityModel.ts';
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
