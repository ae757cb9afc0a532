import type { CityGeography } from '../../common/geo/cityModel.ts';
import { loadCity } from '../../server/geo/loadCity.ts';

let cached: CityGeography | undefined;

/** The committed city, loaded once per test file (≈ 1 s). */
export function testCity(): CityGeography {
  cached ??= loadCity();
  return cached;
}
