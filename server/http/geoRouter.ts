import { Router } from 'express';
import { LocateQuery } from '../../common/domain/geo.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { badRequest } from './errors.ts';

export function geoRouter(geo: CityGeography, summary: GeoSummary): Router {
  const router = Router();
  router.get('/summary', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(summary);
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
