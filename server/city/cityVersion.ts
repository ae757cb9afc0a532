import { gunzipSync, gzipSync } from 'node:zlib';
import type { ServiceCatalogueData } from '../../common/domain/serviceCatalogue.ts';
import type { CityData } from '../../common/geo/cityModel.ts';
import type { RosterColumns } from '../../common/geo/roster.ts';
import type { SensorColumns } from '../../common/geo/sensorRegistry.ts';

/**
 * A city version: the units (in the committed geodata's compact format, with the city's own codes
 * and names), the roster and, when the city gave them, its devices, as one import stored them. Kept in the store as gzipped JSON, one row
 * per version; the newest is the city in use.
 */
export interface CityVersionData extends CityData {
  roster: RosterColumns;
  /** The city's own devices; absent, devices are placed by the seed within the city's boundary. */
  sensors?: SensorColumns;
  /** The city's own departments and categories; absent, the release's own serve. */
  services?: ServiceCatalogueData;
}

/** Units per level and workers: what `GET /api/city/versions` and the import's report count. */
export interface CityCounts {
  districts: number;
  streets: number;
  communities: number;
  grids: number;
  microGrids: number;
  workers: number;
}

/** One stored version as listed: who imported it, when, from where, and what it holds. */
export interface CityVersionSummary {
  version: number;
  importedAtMs: number;
  importedBy: string;
  source: string;
  counts: CityCounts;
  warnings: number;
}

export function countsOf(data: CityVersionData): CityCounts {
  return {
    districts: data.city.districts.length,
    streets: data.city.streets.length,
    communities: data.city.communities.length,
    grids: data.grids.community.length,
    microGrids: data.microGrids.grid.length,
    workers: data.roster.id.length,
  };
}

export const encodeCityVersion = (data: CityVersionData): Buffer => gzipSync(JSON.stringify(data));
export const decodeCityVersion = (blob: Uint8Array): CityVersionData => JSON.parse(gunzipSync(blob).toString('utf8')) as CityVersionData;
