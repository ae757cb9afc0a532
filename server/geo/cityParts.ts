import type { GeoSummary } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { buildRoster, type Roster } from '../../common/geo/roster.ts';
import { buildSensorRegistry, riverLinesOf, type SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { loadCity, readRivers } from './loadCity.ts';
import { computeGeoSummary } from './summary.ts';
import { CityTiles } from './tiles.ts';

/** The city as a server uses it: its units, roster, devices and tiles, none of which change once built. */
export interface CityParts {
  geo: CityGeography;
  roster: Roster;
  geoSummary: GeoSummary;
  tiles: CityTiles;
  directory: WorkerDirectory;
  sensorRegistry: SensorRegistry;
}

const built = new Map<string, CityParts>();

/**
 * The city read from its geodata and indexed (≈ 2 s of CPU: the polygons' indexes, the roster,
 * the devices placed), once per process for a geodata folder and seed: a process that builds
 * several servers — a test file, a benchmark — shares it. Nothing in it changes after it is built
 * (the tiles and the directory only cache what they compute).
 */
export function cityParts(geoDir: string, citySeed: number): CityParts {
  const key = `${geoDir}\u0000${citySeed}`;
  const known = built.get(key);
  if (known) return known;
  const geo = loadCity(geoDir);
  const roster = buildRoster(geo, citySeed);
  const rivers = readRivers(geoDir);
  const parts: CityParts = {
    geo,
    roster,
    geoSummary: computeGeoSummary(geo, roster),
    tiles: new CityTiles(geo, rivers),
    directory: new WorkerDirectory(geo, roster),
    sensorRegistry: buildSensorRegistry(geo, riverLinesOf(rivers), citySeed),
  };
  built.set(key, parts);
  return parts;
}
