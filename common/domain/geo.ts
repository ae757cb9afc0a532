import { z } from 'zod';

/** WGS-84 coordinates. Query strings arrive as text, so the schemas coerce. */
export const Longitude = z.coerce.number({ error: 'must be a number' }).min(-180, 'must be ≥ -180').max(180, 'must be ≤ 180');
export const Latitude = z.coerce.number({ error: 'must be a number' }).min(-90, 'must be ≥ -90').max(90, 'must be ≤ 90');
export const LngLatSchema = z.tuple([Longitude, Latitude]);

export const LocateQuery = z.object({ lng: Longitude, lat: Latitude });
export type LocateQuery = z.infer<typeof LocateQuery>;

/**
 * A unit's code: the city's own string (letters, digits, '-'), not necessarily a GB/T 2260 code —
 * a unit's level and parent come from the city's data, never from its code's length or prefix.
 */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9-]{1,40}$/;
export const UnitCode = z.string().regex(UNIT_CODE_PATTERN, "must be a unit code (1–40 letters, digits or '-')");

export const UnitRef = z.object({ code: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof UnitRef>;

/** Where a point falls in the grid hierarchy, from district down to micro-grid. */
export const GridPath = z.object({
  district: UnitRef.extend({ kind: z.enum(['administrative', 'functional']) }),
  street: UnitRef,
  community: UnitRef,
  grid: UnitRef.extend({ kind: z.enum(['regular', 'exclusive']) }),
  /** Exclusive grids are not divided into micro-grids. */
  microGrid: UnitRef.nullable(),
});
export type GridPath = z.infer<typeof GridPath>;

export const GeoSummary = z.object({
  city: UnitRef,
  districts: z.number().int(),
  administrativeDistricts: z.number().int(),
  functionalZones: z.number().int(),
  streets: z.number().int(),
  communities: z.number().int(),
  grids: z.number().int(),
  microGrids: z.number().int(),
  exclusiveGrids: z.number().int(),
  workers: z.number().int(),
  workersByRole: z.record(z.string(), z.number().int()),
  departments: z.number().int(),
  areaKm2: z.number(),
  /** Per district: the numbers the wall ranks. */
  byDistrict: z.array(
    UnitRef.extend({ shortName: z.string(), streets: z.number().int(), communities: z.number().int(), grids: z.number().int(), exclusiveGrids: z.number().int(), areaKm2: z.number() }),
  ),
});
export type GeoSummary = z.infer<typeof GeoSummary>;
