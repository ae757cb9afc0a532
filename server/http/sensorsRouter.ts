import express, { Router } from 'express';
import { z } from 'zod';
import { refuseUnstorableText } from './storableInput.ts';
import { areaHolds } from '../auth/areaPolicy.ts';
import { SensorKind, SensorReadingBatch } from '../../common/domain/sensors.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import { badRequest } from './errors.ts';

export const SensorListQuery = z.object({
  kind: SensorKind.optional(),
  district: z
    .string()
    .regex(/^\d{6}$/, 'must be a six-digit district code')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * Sensor gateways post readings in batches (up to 10,000, ≈ 1 MB); walls, officers and
 * integrations read the registry, its health and a waterlogging point's trend.
 */
export function sensorsRouter(sensors: SensorService, auth: Authenticator): Router {
  const router = Router();
  const gateways = requireRole(auth, 'integration', 'officer');
  const readers = requireRole(auth, 'integration', 'officer', 'wall');

  router.post('/readings', gateways, express.json({ limit: '2mb' }), refuseUnstorableText('body'), async (req, res) => {
    const batch = SensorReadingBatch.safeParse(req.body);
    if (!batch.success) return badRequest(res, batch.error);
    // A gateway (an integration) reports for the whole city; an officer only for devices of their area.
    const principal = req.principal!;
    const outside =
      principal.role === 'officer'
        ? batch.data.readings.findIndex((r) => {
            const place = sensors.placeOf(r.sensorId);
            return place !== null && !areaHolds(principal, place);
          })
        : -1;
    if (outside >= 0)
      return void res
        .status(403)
        .json({ error: `readings.${outside}.sensorId: ${batch.data.readings[outside]!.sensorId} lies outside your area (${principal.unit})`, fields: [`readings.${outside}.sensorId`] });
    const result = await sensors.ingest(batch.data.readings);
    if (!result.ok) return void res.status(400).json({ error: `${result.field}: ${result.error}`, fields: [result.field] });
    res.json({ accepted: result.accepted, alertsOpened: result.alertsOpened, alertsClosed: result.alertsClosed });
  });

  router.get('/summary', readers, (_req, res) => void res.json(sensors.summary()));

  router.get('/', readers, (req, res) => {
    const query = SensorListQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    res.json(sensors.list(query.data));
  });

  router.get('/:id/trend', readers, (req, res) => {
    const trend = sensors.trend(String(req.params.id));
    if (!trend) return void res.status(404).json({ error: `no waterlogging point ${req.params.id}` });
    res.json(trend);
  });

  router.get('/:id', readers, (req, res) => {
    const index = sensors.registry.indexOf(String(req.params.id));
    if (index < 0) return void res.status(404).json({ error: `no sensor ${req.params.id}` });
    res.json(sensors.record(index));
  });
  return router;
}
