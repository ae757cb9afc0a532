import { CATEGORY_CODES } from '../../common/domain/categories.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { THRESHOLDS } from '../../common/domain/sensorThresholds.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { decodeGeometry, type EncodedGeometry } from '../../common/geo/codec.ts';
import type { Roster } from '../../common/geo/roster.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import { writeCsv } from './csv.ts';

/**
 * The city in use, in open formats a city's GIS staff and spreadsheets read: units as GeoJSON
 * (WGS-84), the roster, departments, categories and sensors as CSV in UTF-8 with a BOM (so a
 * spreadsheet opens them as Chinese). Pure: each file's text from the city's parts.
 */

const HOUR_MS = 3_600_000;
/** `label` (where the map writes the unit's name, [lng, lat]), `shortName`, `districtKind` and `rural` are optional: an import works them out when a feature has none. */
type UnitProperties = {
  level: 'district' | 'street' | 'community' | 'grid' | 'microGrid';
  code: string;
  name: string;
  parentCode: string | null;
  gridKind?: string;
  category?: string | null;
  label?: readonly [number, number];
  /** Districts: the short name the wall shows, and whether it is an administrative district or a functional zone (新区, 开发区…). */
  shortName?: string;
  districtKind?: 'administrative' | 'functional';
  /** Communities: a village (村) rather than an urban community (社区). */
  rural?: boolean;
};

/** `units.geojson`: one Feature per unit, districts to micro-grids, each with its parent's code. */
export function unitsGeoJson(geo: CityGeography): string {
  const { city, grids: gridsFile, microGrids: microFile } = geo.data;
  const feature = (properties: UnitProperties, geometry: EncodedGeometry) => {
    // A polygon whose rings all collapsed when the geodata was quantised has nothing to draw.
    const polygons = decodeGeometry(geometry).filter((polygon) => polygon.length > 0);
    return JSON.stringify({
      type: 'Feature',
      properties,
      geometry: polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons },
    });
  };
  const features: string[] = [];
  geo.districts.forEach((d, i) =>
    features.push(feature({ level: 'district', code: d.code, name: d.name, parentCode: null, label: d.label, shortName: d.shortName, districtKind: d.kind }, city.districts[i]!.geometry)),
  );
  geo.streets.forEach((s, i) => features.push(feature({ level: 'street', code: s.code, name: s.name, parentCode: geo.districts[s.district]!.code, label: s.label }, city.streets[i]!.geometry)));
  geo.communities.forEach((c, i) =>
    features.push(feature({ level: 'community', code: c.code, name: c.officialName, parentCode: geo.streets[c.street]!.code, label: c.label, rural: c.rural }, city.communities[i]!.geometry)),
  );
  geo.grids.forEach((g, i) =>
    features.push(
      feature(
        { level: 'grid', code: g.code, name: g.name, parentCode: geo.communities[g.community]!.code, gridKind: g.kind, ...(g.kind === 'exclusive' ? { category: g.category } : {}) },
        gridsFile.geometry[i]!,
      ),
    ),
  );
  geo.microGrids.forEach((m, i) => features.push(feature({ level: 'microGrid', code: m.code, name: m.name, parentCode: geo.grids[m.grid]!.code }, microFile.geometry[i]!)));
  // One feature a line: 70,000 features stay readable and diffable.
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

/** `workers.csv`: the roster, each worker in their grid (and micro-grid), with the phone an imported roster gave. */
export function workersCsv(geo: CityGeography, roster: Roster): string {
  function* rows() {
    for (let i = 0; i < roster.size; i++) {
      const micro = roster.microGrid[i]!;
      yield [roster.id(i), roster.name[i]!, roster.role[i]!, geo.grids[roster.grid[i]!]!.code, micro >= 0 ? geo.microGrids[micro]!.code : '', roster.phone(i)];
    }
  }
  return writeCsv(['id', 'name', 'role', 'gridCode', 'microGridCode', 'phone'], rows());
}

/** `departments.csv`: every department, its district (empty: city-wide) and the categories it handles. */
export function departmentsCsv(services: ServiceCatalogue): string {
  return writeCsv(
    ['code', 'name', 'district', 'categories'],
    services.departments.map((d) => [d.code, d.name, d.district ?? '', services.categoriesOf(d.code).join('|')]),
  );
}

/** `categories.csv`: each category, its departments, how it is dispatched and its targets in hours (sign-in: the category's, or the deployment's). */
export function categoriesCsv(services: ServiceCatalogue, signInTargetMs: number): string {
  return writeCsv(
    ['category', 'name', 'departments', 'dispatch', 'signInHours', 'resolveHours'],
    CATEGORY_CODES.map((c) => {
      const policy = services.policy(c);
      const hours = (ms: number) => +(ms / HOUR_MS).toFixed(4);
      return [c, policy.name, policy.departments.join('|'), policy.dispatch, hours(policy.signInTargetMs ?? signInTargetMs), hours(policy.handlingTargetMs)];
    }),
  );
}

/** `sensors.csv`: every device, where it is, and its kind's thresholds (direction, each level's value, hysteresis). */
export function sensorsCsv(registry: SensorRegistry): string {
  const levels = ['blue', 'yellow', 'orange', 'red'] as const;
  function* rows() {
    for (let i = 0; i < registry.size; i++) {
      const kind = registry.kindOf(i);
      const t = THRESHOLDS[kind];
      const at = (level: (typeof levels)[number]) => t.levels.find(([l]) => l === level)?.[1] ?? '';
      yield [registry.id(i), kind, registry.nameOf(i), registry.lng[i]!, registry.lat[i]!, t.direction, ...levels.map(at), t.hysteresis];
    }
  }
  return writeCsv(['id', 'kind', 'name', 'lng', 'lat', 'direction', 'blue', 'yellow', 'orange', 'red', 'hysteresis'], rows());
}

/** The export's files by name. */
export function cityExport(parts: { geo: CityGeography; roster: Roster; sensorRegistry: SensorRegistry; services: ServiceCatalogue }, signInTargetMs: number): Record<string, string> {
  return {
    'units.geojson': unitsGeoJson(parts.geo),
    'workers.csv': workersCsv(parts.geo, parts.roster),
    'departments.csv': departmentsCsv(parts.services),
    'categories.csv': categoriesCsv(parts.services, signInTargetMs),
    'sensors.csv': sensorsCsv(parts.sensorRegistry),
  };
}
