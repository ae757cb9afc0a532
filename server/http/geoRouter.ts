import { Router } from 'express';
import { z } from 'zod';
import { LocateQuery, UnitCode } from '../../common/domain/geo.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { badRequest } from './errors.ts';

/** The hierarchy changes only with a new city version, taken at a node's start, so browsers and proxies may keep it a while. */
const CACHEABLE = 'private, max-age=300';

type UnitLevel = 'district' | 'street' | 'community' | 'grid';
type Unit = { code: string; name: string; level: UnitLevel; workers: number };

/** The code of a unit with children here: a district, a street or a community. Grids are leaves of the broadcast scope. */
export const UnitsQuery = z.object({ parent: UnitCode.optional() });

/**
 * Each unit with children, by code, and the children in order, each with the grid workers it
 * holds (what a broadcast to it would reach): built once so that expanding a node of the
 * console's scope tree is a map lookup, not a scan of 19,582 grids.
 */
function childrenIndex(geo: CityGeography, homeGridOfWorker: Int32Array): { districts: Unit[]; byParent: Map<string, { parent: Unit; units: Unit[] }> } {
  const byParent = new Map<string, { parent: Unit; units: Unit[] }>();
  const level = <T extends { code: string; name: string }>(units: T[], name: UnitLevel) => units.map((u) => ({ code: u.code, name: u.name, level: name, workers: 0 }));
  const districts = level(geo.districts, 'district');
  const streets = level(geo.streets, 'street');
  const communities = level(geo.communities, 'community');
  const grids = level(geo.grids, 'grid');
  for (const g of homeGridOfWorker) {
    const community = geo.grids[g]!.community;
    const street = geo.communities[community]!.street;
    grids[g]!.workers++;
    communities[community]!.workers++;
    streets[street]!.workers++;
    districts[geo.streets[street]!.district]!.workers++;
  }
  const link = (parents: Unit[], children: Unit[], parentOf: (child: number) => number) => {
    for (const parent of parents) byParent.set(parent.code, { parent, units: [] });
    children.forEach((child, i) => byParent.get(parents[parentOf(i)]!.code)!.units.push(child));
  };
  link(districts, streets, (i) => geo.streets[i]!.district);
  link(streets, communities, (i) => geo.communities[i]!.street);
  link(communities, grids, (i) => geo.grids[i]!.community);
  // Codes order the children as the official lists do: regular grids 001… before exclusive ones 501….
  for (const entry of byParent.values()) entry.units.sort((a, b) => a.code.localeCompare(b.code));
  return { districts, byParent };
}

/** `homeGridOfWorker`: the roster's home grid index of each grid worker. */
export function geoRouter(geo: CityGeography, summary: GeoSummary, homeGridOfWorker: Int32Array, auth: Authenticator): Router {
  const router = Router();
  const hierarchy = childrenIndex(geo, homeGridOfWorker);
  // Any signed-in role: the hierarchy with its workforce per unit is the city's working data, not a public map.
  router.use(requireRole(auth, 'wall', 'officer', 'integration', 'department', 'worker'));
  router.get('/summary', (_req, res) => {
    res.set('Cache-Control', CACHEABLE).json(summary);
  });
  router.get('/units', (req, res) => {
    const query = UnitsQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const { parent } = query.data;
    if (parent === undefined) return void res.set('Cache-Control', CACHEABLE).json({ parent: null, units: hierarchy.districts });
    const found = hierarchy.byParent.get(parent);
    if (!found) return void res.status(404).json({ error: `parent: no district, street or community has the code ${parent}` });
    res.set('Cache-Control', CACHEABLE).json(found);
  });
  router.get('/locate', (req, res) => {
    const query = LocateQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const path = geo.locate(query.data.lng, query.data.lat);
    if (!path) return void res.status(404).json({ error: `(${query.data.lng}, ${query.data.lat}) is outside ${geo.city.name}` });
    res.json({ lng: query.data.lng, lat: query.data.lat, ...path });
  });
  return router;
}
