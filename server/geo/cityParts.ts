import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { CityGeography } from '../../common/geo/cityModel.ts';
import { buildRoster, type Roster, rosterFromColumns } from '../../common/geo/roster.ts';
import { buildSensorRegistry, riverLinesOf, type SensorColumns, type SensorRegistry, sensorRegistryFromColumns } from '../../common/geo/sensorRegistry.ts';
import { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { CityVersionData } from '../city/cityVersion.ts';
import { loadCity, readRivers } from './loadCity.ts';
import { computeGeoSummary } from './summary.ts';
import { CityTiles } from './tiles.ts';

/** The city as a server uses it: its units, roster, devices and tiles, none of which change once built. */
export interface CityParts {
  /** The imported city version these parts were built from; 0 for the generated city. */
  version: number;
  geo: CityGeography;
  roster: Roster;
  geoSummary: GeoSummary;
  tiles: CityTiles;
  directory: WorkerDirectory;
  sensorRegistry: SensorRegistry;
  /** Its departments and who handles each category. */
  services: ServiceCatalogue;
}

const built = new Map<string, CityParts>();

function assemble(version: number, geo: CityGeography, roster: Roster, geoDir: string, citySeed: number, services: ServiceCatalogue, sensors?: SensorColumns): CityParts {
  const rivers = readRivers(geoDir);
  return {
    version,
    geo,
    roster,
    geoSummary: computeGeoSummary(geo, roster, services),
    tiles: new CityTiles(geo, rivers),
    directory: new WorkerDirectory(geo, roster),
    // The city's own devices when it gave them; else placed by the seed within its boundary.
    sensorRegistry: sensors ? sensorRegistryFromColumns(geo, sensors) : buildSensorRegistry(geo, riverLinesOf(rivers), citySeed),
    services,
  };
}

/**
 * The generated city, read from its geodata and indexed (≈ 2 s of CPU: the polygons' indexes,
 * the roster, the devices placed), once per process for a geodata folder and seed: a process that
 * builds several servers — a test file, a benchmark — shares it. Nothing in it changes after it is
 * built (the tiles and the directory only cache what they compute).
 */
export function cityParts(geoDir: string, citySeed: number): CityParts {
  const key = `${geoDir}\u0000${citySeed}`;
  const known = built.get(key);
  if (known) return known;
  const geo = loadCity(geoDir);
  const parts = assemble(0, geo, buildRoster(geo, citySeed), geoDir, citySeed, ServiceCatalogue.builtIn());
  built.set(key, parts);
  return parts;
}

/** An imported city version's parts (the release's departments and categories unless it gave its own; rivers still from the geodata folder: they lie beyond any boundary). */
export function cityPartsOfVersion(version: number, data: CityVersionData, geoDir: string, citySeed: number): CityParts {
  const services = data.services ? new ServiceCatalogue(data.services) : ServiceCatalogue.builtIn();
  return assemble(version, new CityGeography(data), rosterFromColumns(data.roster), geoDir, citySeed, services, data.sensors);
}
