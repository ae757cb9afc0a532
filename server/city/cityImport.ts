import type { ServiceCatalogue, ServiceCatalogueData } from '../../common/domain/serviceCatalogue.ts';
import { type CityData, CityGeography } from '../../common/geo/cityModel.ts';
import type { Crs } from '../../common/geo/crs.ts';
import type { Roster, RosterColumns } from '../../common/geo/roster.ts';
import type { SensorColumns } from '../../common/geo/sensorRegistry.ts';
import { type CityCounts, type CityVersionData, countsOf } from './cityVersion.ts';
import type { ImportProblem } from './importReport.ts';
import { checkSensors } from './sensorsImport.ts';
import { importServices } from './servicesImport.ts';
import { carryRoster, readRoster, type RosterUnits } from './rosterImport.ts';
import { checkUnits, readUnits, shiftFromCurrent, type UnitDraft, unitsToCityData } from './unitsImport.ts';

/** The files a city import reads from its folder; any may be left out (what is in use is kept). */
export const CITY_FILES = ['units.geojson', 'workers.csv', 'departments.csv', 'categories.csv', 'sensors.csv'] as const;
export type CityFileName = (typeof CITY_FILES)[number];
export type CityFiles = Partial<Record<CityFileName, string>>;

/** A whole city moved this far (median over units with the same codes), and most units with it, is taken for a coordinate system mix-up. */
export const SHIFT_ALARM_M = 150;
const SHIFT_ALIKE_SHARE = 0.6;

export interface CityImportResult {
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** The new version's data; null when anything is wrong. */
  data: CityVersionData | null;
  counts: CityCounts | null;
  addedWorkers: string[];
  removedWorkers: string[];
}

/** The city in use, which files left out keep and the new one is compared with. */
export interface CurrentCity {
  geo: CityGeography;
  roster: Roster;
  /** The city's own devices in use, or null while they are placed by the seed. */
  sensors: SensorColumns | null;
  /** The departments and categories in use… */
  services: ServiceCatalogue;
  /** …and as the version in use stores them: null while the release's own serve. */
  servicesData: ServiceCatalogueData | null;
}

/**
 * Checks a city import — every file given, and each against the others and the city in use —
 * and, when nothing is wrong, builds the new version's data. Pure: nothing is stored here.
 * `stage` hears each step as it starts, for progress on a full city (tens of seconds).
 */
export function checkCityImport(files: CityFiles, current: CurrentCity, crs: Crs, stage: (name: string) => void = () => {}): CityImportResult {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  let units: UnitDraft[] | null = null;
  if (files['units.geojson'] !== undefined) {
    stage('reading units.geojson');
    units = readUnits(files['units.geojson'], crs, errors);
    stage('checking the units against each other');
    checkUnits(units, errors, warnings);
    const shift = shiftFromCurrent(units, current.geo.data);
    if (shift && Math.hypot(shift.eastM, shift.northM) > SHIFT_ALARM_M && shift.alike >= SHIFT_ALIKE_SHARE * shift.matched)
      errors.push({
        file: 'units.geojson',
        where: 'file',
        message: `the units lie ${Math.round(Math.hypot(shift.eastM, shift.northM))} m from the same codes in the city in use (${Math.round(shift.eastM)} m east, ${Math.round(shift.northM)} m north; ${shift.alike} of ${shift.matched} districts and streets moved alike): coordinates in GCJ-02 or BD-09 read as ${crs.toUpperCase()}? Import with --crs gcj02 or --crs bd09`,
      });
  }
  const unitsFailed = errors.length > 0;
  let cityData: CityData | null = null;
  let geo: CityGeography | null = null;
  if (!unitsFailed) {
    const { city, grids, microGrids } = current.geo.data;
    cityData = units ? unitsToCityData(units, city.city, city.seed) : { city, grids, microGrids };
    stage('indexing the new units');
    geo = new CityGeography(cityData);
  }
  stage('checking the roster');
  let roster: RosterColumns | null = null;
  if (files['workers.csv'] !== undefined) roster = readRoster(files['workers.csv'], geo ?? draftUnits(units ?? []), errors);
  else if (geo) roster = carryRoster(current.roster, current.geo, geo, errors);
  stage('checking departments, categories and sensors');
  const districts = new Set(geo ? geo.districts.map((d) => d.code) : (units ?? []).filter((u) => u.level === 'district').map((u) => u.code));
  const services = importServices({ departments: files['departments.csv'], categories: files['categories.csv'] }, current.services, districts, errors, warnings) ?? current.servicesData;
  let sensors: SensorColumns | null = null;
  if (files['sensors.csv'] !== undefined && geo) sensors = checkSensors(files['sensors.csv'], geo, crs, errors, warnings);
  else if (current.sensors && geo) sensors = carrySensors(current.sensors, geo, warnings);
  if (errors.length || !cityData || !roster) return { errors, warnings, data: null, counts: null, addedWorkers: [], removedWorkers: [] };
  const data: CityVersionData = { ...cityData, roster, ...(sensors ? { sensors } : {}), ...(services ? { services } : {}) };
  const listed = new Set(roster.id);
  const before = new Set(Array.from({ length: current.roster.size }, (_, i) => current.roster.id(i)));
  const removedWorkers = [...before].filter((id) => !listed.has(id));
  const addedWorkers = roster.id.filter((id) => !before.has(id));
  if (removedWorkers.length)
    warnings.push({
      file: 'workers.csv',
      where: 'file',
      message: `${removedWorkers.length} workers of the city in use are no longer listed (${removedWorkers.slice(0, 5).join(', ')}${removedWorkers.length > 5 ? ', …' : ''}): their accounts are disabled, not deleted`,
    });
  return { errors, warnings, data, counts: countsOf(data), addedWorkers, removedWorkers };
}

/** The city's own devices in use carried onto new units: those now outside every grid are retired, and said so. */
function carrySensors(sensors: SensorColumns, geo: CityGeography, warnings: ImportProblem[]): SensorColumns {
  const kept: SensorColumns = { id: [], kind: [], name: [], lng: [], lat: [] };
  const retired: string[] = [];
  sensors.id.forEach((id, i) => {
    if (geo.locateGridIndex(sensors.lng[i]!, sensors.lat[i]!) < 0) return void retired.push(id);
    kept.id.push(id);
    kept.kind.push(sensors.kind[i]!);
    kept.name.push(sensors.name[i]!);
    kept.lng.push(sensors.lng[i]!);
    kept.lat.push(sensors.lat[i]!);
  });
  if (retired.length)
    warnings.push({
      file: 'sensors.csv',
      where: 'file',
      message: `(the devices in use, no sensors.csv given) ${retired.length} lie outside the new units and are retired (${retired.slice(0, 5).join(', ')}${retired.length > 5 ? ', …' : ''})`,
    });
  return kept;
}

/** The grids and micro-grids of units that failed their checks, for checking a roster against them anyway. */
function draftUnits(units: readonly UnitDraft[]): RosterUnits {
  const grids = units.filter((u) => u.level === 'grid').map((u, index) => ({ code: u.code, index }));
  const gridIndex = new Map(grids.map((g) => [g.code, g.index]));
  const microGrids = units.filter((u) => u.level === 'microGrid').map((u, index) => ({ code: u.code, index, grid: gridIndex.get(u.parentCode!) ?? -1 }));
  return { grids, microGrids };
}
