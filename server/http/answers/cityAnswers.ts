import { z } from 'zod';
import { CATEGORY_CODES } from '../../../common/domain/categories.ts';
import { GeoSummary, GridPath } from '../../../common/domain/geo.ts';
import { OperatingMode, type ModeState } from '../../../common/domain/modes.ts';
import type { CategoryPolicy, DepartmentEntry, ServiceCatalogueData } from '../../../common/domain/serviceCatalogue.ts';
import type { CityCounts, CityVersionSummary } from '../../city/cityVersion.ts';
import type { MAP_VIEW } from '../../geo/mapStyle.ts';
import { everyKey } from './everyKey.ts';
import { sameShape } from './sameShape.ts';

/** Where the map opens: [west, south, east, north] in WGS-84 degrees, and the zoom range. */
export const MapViewAnswer = z.object({ bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]), minZoom: z.number(), maxZoom: z.number() });
sameShape<z.output<typeof MapViewAnswer>, typeof MAP_VIEW>(true);

/** `GET /api/map/config`: the base style's URL (null: none configured), the city's own style, the view. */
export const MapConfigAnswer = z.object({ baseStyleUrl: z.string().nullable(), cityStyleUrl: z.string(), view: MapViewAnswer });

/** `GET /api/map/style.json`: a MapLibre style (version 8), described no further here. */
export const MapStyleAnswer = z.looseObject({
  version: z.literal(8),
  sources: z.record(z.string(), z.unknown()),
  layers: z.array(z.looseObject({ id: z.string(), type: z.string() })),
});

/** `GET /api/geo/summary`. */
export const GeoSummaryAnswer = GeoSummary;

/** A unit of the hierarchy with the grid workers it holds. */
export const UnitAnswer = z.object({ code: z.string(), name: z.string(), level: z.enum(['district', 'street', 'community', 'grid']), workers: z.number().int() });

/** `GET /api/geo/units`: the parent (null: the city, whose children are the districts) and its children in order. */
export const UnitsAnswer = z.object({ parent: UnitAnswer.nullable(), units: z.array(UnitAnswer) });

/** `GET /api/geo/locate`: the point asked about (WGS-84 degrees) and where it falls. */
export const LocateAnswer = GridPath.extend({ lng: z.number(), lat: z.number() });

/** Units per level and workers in a city version. */
export const CityCountsAnswer = z.object({
  districts: z.number().int(),
  streets: z.number().int(),
  communities: z.number().int(),
  grids: z.number().int(),
  microGrids: z.number().int(),
  workers: z.number().int(),
});
sameShape<z.output<typeof CityCountsAnswer>, CityCounts>(true);

/** One imported city version: who imported it, when (epoch ms), from where, what it holds, how many warnings the import gave. */
export const CityVersionAnswer = z.object({
  version: z.number().int(),
  importedAtMs: z.number(),
  importedBy: z.string(),
  source: z.string(),
  counts: CityCountsAnswer,
  warnings: z.number().int(),
});
sameShape<z.output<typeof CityVersionAnswer>, CityVersionSummary>(true);

/** `GET /api/city/versions`: the version in use (0: the generated city) and the imported ones, newest first. */
export const CityVersionsAnswer = z.object({ inUse: z.number().int(), versions: z.array(CityVersionAnswer) });

/** A department; `district`: the one district it serves (null: the whole city). */
export const DepartmentAnswer = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), district: z.string().nullable() });
sameShape<z.output<typeof DepartmentAnswer>, DepartmentEntry>(true);

/** A category's departments (the lead first), dispatch and targets (ms; a null 签收 target: the deployment's). */
export const CategoryPolicyAnswer = z.object({
  name: z.string(),
  nameEn: z.string(),
  departments: z.array(z.string()),
  dispatch: z.enum(['direct', 'joint', 'leader']),
  signInTargetMs: z.number().nullable(),
  handlingTargetMs: z.number(),
});
sameShape<z.output<typeof CategoryPolicyAnswer>, CategoryPolicy>(true);

/** `GET /api/city/services`: the departments, and every category's policy by its code. */
export const CityServicesAnswer = z.object({ departments: z.array(DepartmentAnswer), categories: everyKey(CATEGORY_CODES, CategoryPolicyAnswer) });
sameShape<z.output<typeof CityServicesAnswer>, ServiceCatalogueData>(true);

/** The city's operating mode: who set it, when (epoch ms) and why. */
export const ModeStateAnswer = z.object({ mode: OperatingMode, sinceMs: z.number(), actor: z.string(), reason: z.string() });
sameShape<z.output<typeof ModeStateAnswer>, ModeState>(true);

/** `GET /api/mode`: the mode now and its switches, newest first. */
export const ModeAnswer = z.object({ mode: ModeStateAnswer, history: z.array(ModeStateAnswer) });

/** `POST /api/mode`: the mode switched to. */
export const ModeSwitchedAnswer = z.object({ mode: ModeStateAnswer });
