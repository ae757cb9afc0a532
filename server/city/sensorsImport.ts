import { SENSOR_KINDS, type SensorKind } from '../../common/domain/sensors.ts';
import { THRESHOLDS } from '../../common/domain/sensorThresholds.ts';
import { isStorableText } from '../../common/domain/text.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { SensorColumns } from '../../common/geo/sensorRegistry.ts';
import { type Crs, toWgs84 } from '../../common/geo/crs.ts';
import { csvRows } from './csvRows.ts';
import type { ImportProblem } from './importReport.ts';

/** `sensors.csv` of a city import: the city's own devices, read and checked against its units. */

/** A device id as a reading names it (`POST /api/sensors/readings`: 3–16 characters). */
const SENSOR_ID = /^[A-Za-z0-9_-]{3,16}$/;
const NAME_MAX_CHARS = 100;

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
