import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../projectRoot.ts';
import { CityGeography, type CityData } from '../../common/geo/cityModel.ts';

export const DEFAULT_GEO_DIR = path.join(PROJECT_ROOT, 'data/geo');

const read = <T>(dir: string, name: string): T => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;

/** Reads the committed geodata (see data/geo/README.md); throws with the path if a file is missing. */
export function readCityData(dir = DEFAULT_GEO_DIR): CityData {
  return { city: read(dir, 'city.json'), grids: read(dir, 'grids.json'), microGrids: read(dir, 'micro-grids.json') };
}

export function loadCity(dir = DEFAULT_GEO_DIR): CityGeography {
  return new CityGeography(readCityData(dir));
}

export function readRivers(dir = DEFAULT_GEO_DIR): GeoJSON.FeatureCollection {
  return read(dir, 'rivers.json');
}
