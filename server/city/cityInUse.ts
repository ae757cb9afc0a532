import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
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

/** Only the units, roster and services in use (no tiles, devices or directory): what an import compares with. */
export async function loadCityModelInUse(where: Where, versions: SqlCityVersionRepository): Promise<CurrentCity & { version: number }> {
  const latest = await versions.latest();
  if (!latest) {
    const geo = loadCity(where.geoDir);
    return { version: 0, geo, roster: buildRoster(geo, where.citySeed), sensors: null, services: ServiceCatalogue.builtIn(), servicesData: null };
  }
  const data = decodeCityVersion(latest.data);
  const servicesData = data.services ?? null;
  const services = servicesData ? new ServiceCatalogue(servicesData) : ServiceCatalogue.builtIn();
  return { version: latest.summary.version, geo: new CityGeography(data), roster: rosterFromColumns(data.roster), sensors: data.sensors ?? null, services, servicesData };
}

/** Only the departments and categories in use: what an account's department is checked against. */
export async function loadServicesInUse(versions: SqlCityVersionRepository): Promise<ServiceCatalogue> {
  const latest = await versions.latest();
  const services = latest ? decodeCityVersion(latest.data).services : undefined;
  return services ? new ServiceCatalogue(services) : ServiceCatalogue.builtIn();
}
