import { CATEGORY_CODES } from '../../common/domain/categories.ts';
import { DEPARTMENTS } from '../../common/domain/departments.ts';
import { SENSOR_KINDS, type SensorKind } from '../../common/domain/sensors.ts';
import { THRESHOLDS } from '../../common/domain/sensorThresholds.ts';
import { isStorableText } from '../../common/domain/text.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { SensorColumns } from '../../common/geo/sensorRegistry.ts';
import { type Crs, toWgs84 } from '../../common/geo/crs.ts';
import { csvRows } from './csvRows.ts';
import type { ImportProblem } from './importReport.ts';

/**
 * The reference files of a city import — departments, categories, sensors — read and checked.
 * This release files events under its own categories and departments, so those two files are
 * checked (every reference resolves) and not applied; the sensors are the city's own devices.
 */

const DISPATCH = ['direct', 'joint', 'leader'];
const CODE = /^[A-Za-z0-9_-]{1,40}$/;
/** A device id as a reading names it (`POST /api/sensors/readings`: 3–16 characters). */
const SENSOR_ID = /^[A-Za-z0-9_-]{3,16}$/;
const NAME_MAX_CHARS = 100;

/** `departments.csv`: each department's code unique, its district (if any) in the city, its categories known. Returns the codes given. */
export function checkDepartments(text: string, districts: ReadonlySet<string>, errors: ImportProblem[]): Set<string> {
  const file = 'departments.csv';
  const codes = new Set<string>();
  for (const { value, problem } of csvRows(file, text, ['code', 'name', 'district', 'categories'], errors)) {
    const code = value('code');
    if (!CODE.test(code)) problem(`code ${JSON.stringify(code)} must be 1–40 letters, digits, _ or -`);
    else if (codes.has(code)) problem(`department ${code} is given twice`);
    codes.add(code);
    if (!value('name')) problem(`department ${code}: a name is required`);
    const district = value('district');
    if (district && !districts.has(district)) problem(`department ${code}: unknown district ${district}`);
    for (const category of value('categories').split('|').filter(Boolean)) if (!(CATEGORY_CODES as readonly string[]).includes(category)) problem(`department ${code}: unknown category ${category}`);
  }
  return codes;
}

/** `categories.csv`: each category one this release files, its departments present (in departments.csv when given), its dispatch and hours valid. */
export function checkCategories(text: string, departments: ReadonlySet<string> | null, errors: ImportProblem[]): void {
  const file = 'categories.csv';
  const known = departments ?? new Set(DEPARTMENTS.map((d) => d.code));
  for (const { value, problem } of csvRows(file, text, ['category', 'name', 'departments', 'dispatch', 'signInHours', 'resolveHours'], errors)) {
    const category = value('category');
    if (!(CATEGORY_CODES as readonly string[]).includes(category)) problem(`unknown category ${JSON.stringify(category)}: this release files events under ${CATEGORY_CODES.join(', ')}`);
    for (const department of value('departments').split('|').filter(Boolean))
      if (!known.has(department)) problem(`category ${category} names unknown department ${department}${departments ? ' (not in departments.csv)' : ''}`);
    if (!DISPATCH.includes(value('dispatch'))) problem(`category ${category}: dispatch ${JSON.stringify(value('dispatch'))} is not one of ${DISPATCH.join(', ')}`);
    for (const hours of ['signInHours', 'resolveHours']) {
      const n = Number(value(hours));
      if (!value(hours) || !Number.isFinite(n) || n <= 0 || n > 8760) problem(`category ${category}: ${hours} ${JSON.stringify(value(hours))} must be a number of hours, above 0 and at most 8760`);
    }
  }
}

/** `sensors.csv`: ids unique, kinds known, each device inside the city. Returns the devices (WGS-84) that passed. */
export function checkSensors(text: string, geo: CityGeography, crs: Crs, errors: ImportProblem[], warnings: ImportProblem[]): SensorColumns {
  const file = 'sensors.csv';
  const devices: SensorColumns = { id: [], kind: [], name: [], lng: [], lat: [] };
  const ids = new Set<string>();
  const thresholdsDiffer = new Set<SensorKind>();
  // The threshold columns (direction, blue…red, hysteresis) may be left out.
  for (const { value, problem } of csvRows(file, text, ['id', 'kind', 'name', 'lng', 'lat'], errors)) {
    const id = value('id');
    const kind = value('kind') as SensorKind;
    const name = value('name');
    const lng = Number(value('lng'));
    const lat = Number(value('lat'));
    if (!SENSOR_ID.test(id)) problem(`id ${JSON.stringify(id)} must be 3–16 letters, digits, _ or - (what a reading's sensorId may be)`);
    else if (ids.has(id)) problem(`sensor ${id} is given twice`);
    else if (!SENSOR_KINDS.includes(kind)) problem(`sensor ${id}: kind ${JSON.stringify(value('kind'))} is not one of ${SENSOR_KINDS.join(', ')}`);
    else if (!name || name.length > NAME_MAX_CHARS || !isStorableText(name)) problem(`sensor ${id}: name ${JSON.stringify(name)} must be text of 1–${NAME_MAX_CHARS} characters`);
    else if (!value('lng') || !value('lat') || !Number.isFinite(lng) || !Number.isFinite(lat))
      problem(`sensor ${id}: lng ${JSON.stringify(value('lng'))}, lat ${JSON.stringify(value('lat'))} are not a position`);
    else {
      const [x, y] = toWgs84(crs, lng, lat);
      if (geo.locateGridIndex(x, y) < 0) problem(`sensor ${id} at [${lng}, ${lat}] lies outside the city's grids`);
      else {
        devices.id.push(id);
        devices.kind.push(kind);
        devices.name.push(name);
        devices.lng.push(x);
        devices.lat.push(y);
        if (!thresholdsMatch(kind, value)) thresholdsDiffer.add(kind);
      }
    }
    ids.add(id);
  }
  for (const kind of thresholdsDiffer)
    warnings.push({ file, where: `kind ${kind}`, message: `the thresholds given differ from this release's for ${kind} (${thresholdText(kind)}): this release's apply to every ${kind} device` });
  return devices;
}

const LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;

/** Whether a row's threshold columns, where given, are the kind's own (the export writes them so). */
function thresholdsMatch(kind: SensorKind, value: (name: string) => string): boolean {
  const t = THRESHOLDS[kind];
  if (value('direction') && value('direction') !== t.direction) return false;
  if (value('hysteresis') && Number(value('hysteresis')) !== t.hysteresis) return false;
  return LEVELS.every((level) => {
    const given = value(level);
    const own = t.levels.find(([l]) => l === level)?.[1];
    return given === '' || Number(given) === own;
  });
}

const thresholdText = (kind: SensorKind) => {
  const t = THRESHOLDS[kind];
  return `${t.direction}; ${t.levels.map(([level, at]) => `${level} ${at}`).join(', ')}; hysteresis ${t.hysteresis}`;
};
