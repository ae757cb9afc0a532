import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { Router } from 'express';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { SqlCityVersionRepository } from '../store/cityVersionRepository.ts';

/** Versions listed, newest first: a city imports about monthly, so this reaches back years. */
export const CITY_VERSIONS_LISTED = 100;

/**
 * `GET /api/city/versions` (officers): the imported city versions, newest first — who imported
 * what, when, from where, with counts by level — and the one this node serves (`inUse`, 0 for the
 * generated city). The city's reference data, the same for every officer's area. `GET
 * /api/city/services`: its departments and categories, as the city version in use gives them.
 */
export function cityRouter(versions: SqlCityVersionRepository, inUse: () => number, services: ServiceCatalogue, auth: Authenticator): Router {
  const router = Router();
  // Public, as the Open311 service list that names the same departments: every page labels with it, before sign-in too.
  router.get('/services', (_req, res) => void res.json(services.data));
  router.get('/versions', requireRole(auth, 'officer'), async (_req, res) => {
    res.json({ inUse: inUse(), versions: await versions.list(CITY_VERSIONS_LISTED) });
  });
  return router;
}
