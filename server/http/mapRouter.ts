import { Router } from 'express';
import { z } from 'zod';
import type { CityTiles } from '../geo/tiles.ts';
import { TILE_MAX_ZOOM } from '../geo/tiles.ts';
import { buildMapStyle, MAP_VIEW } from '../geo/mapStyle.ts';
import { badRequest } from './errors.ts';

const TileParams = z
  .object({ z: z.coerce.number().int().min(0).max(TILE_MAX_ZOOM), x: z.coerce.number().int().min(0), y: z.coerce.number().int().min(0) })
  .refine((p) => p.x < 2 ** p.z && p.y < 2 ** p.z, { message: 'x and y must be below 2^z', path: ['x'] });

/** `scale` enlarges lines and labels for a wall read from across a room (1 = a desk screen). */
export const StyleQuery = z.object({ scale: z.coerce.number().min(0.5).max(4).default(1) });

export function mapRouter(tiles: CityTiles, mapStyleUrl: string | undefined): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json({ baseStyleUrl: mapStyleUrl ?? null, cityStyleUrl: '/api/map/style.json', view: MAP_VIEW });
  });
  router.get('/style.json', (req, res) => {
    const query = StyleQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const origin = `${req.protocol}://${req.get('host')}`;
    res.set('Cache-Control', 'no-cache').json(buildMapStyle(`${origin}/api/map/tiles/{z}/{x}/{y}.pbf`, query.data.scale));
  });
  router.get('/tiles/:z/:x/:y.pbf', (req, res) => {
    const params = TileParams.safeParse(req.params);
    if (!params.success) return badRequest(res, params.error);
    const tile = tiles.tile(params.data.z, params.data.x, params.data.y);
    if (!tile) return void res.status(204).end();
    res.set({ 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Cache-Control': 'public, max-age=3600' }).send(tile);
  });
  return router;
}
