import { CityGeography } from '../../common/geo/cityModel.ts';
import { buildRoster, rosterFromColumns } from '../../common/geo/roster.ts';
import { type CityParts, cityParts, cityPartsOfVersion } from '../geo/cityParts.ts';
import { loadCity } from '../geo/loadCity.ts';
import type { SqlCityVersionRepository } from '../store/cityVersionRepository.ts';
import type { CurrentCity } from './cityImport.ts';
import { decodeCityVersion } from './cityVersion.ts';

type Where = { geoDir: string; citySeed: number };

/** The city a deployment serves: the newest imported version in its store, or the generated city when none was imported. */
export async function loadCityInUse(where: Where, versions: SqlCityVersionRepository): Promise<CityParts> {
  const latest = await versions.latest();
  if (!latest) return cityParts(where.geoDir, where.citySeed);
  return cityPartsOfVersion(latest.summary.version, decodeCityVersion(latest.data), where.geoDir, where.citySeed);
}

/** Only the units and roster in use (no tiles, devices or directory): what an import compares with. */
export async function loadCityModelInUse(where: Where, versions: SqlCityVersionRepository): Promise<CurrentCity & { version: number }> {
  const latest = await versions.latest();
  if (!latest) {
    const geo = loadCity(where.geoDir);
    return { version: 0, geo, roster: buildRoster(geo, where.citySeed), sensors: null };
  }
  const data = decodeCityVersion(latest.data);
  return { version: latest.summary.version, geo: new CityGeography(data), roster: rosterFromColumns(data.roster), sensors: data.sensors ?? null };
}
