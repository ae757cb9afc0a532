import { buildRoster } from '../common/geo/roster.ts';
import type { AppDeps } from './app.ts';
import type { Config } from './config.ts';
import { loadCity, readRivers } from './geo/loadCity.ts';
import { computeGeoSummary } from './geo/summary.ts';
import { CityTiles } from './geo/tiles.ts';
import type { Logger } from './logger.ts';

/** Builds what createApp needs from the configuration: the city, its roster and tiles. */
export function buildDeps(config: Config, logger: Logger, clock: () => number = Date.now): AppDeps {
  const started = performance.now();
  const geo = loadCity(config.geoDir);
  const roster = buildRoster(geo, config.citySeed);
  const geoSummary = computeGeoSummary(geo, roster);
  const tiles = new CityTiles(geo, readRivers(config.geoDir));
  logger.info(
    { ms: Math.round(performance.now() - started), districts: geoSummary.districts, grids: geoSummary.grids, microGrids: geoSummary.microGrids, workers: geoSummary.workers },
    'city loaded',
  );
  return { geo, geoSummary, tiles, logger, clock };
}
