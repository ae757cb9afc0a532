import { z } from 'zod';
import { AlertLevel, SENSOR_KINDS, SENSOR_UNITS, SensorKind, type SensorKindHealth, type SensorRecord, type SensorSummary } from '../../../common/domain/sensors.ts';
import type { DepthTrend } from '../../../common/socketCatalogue.ts';
import type { IngestResult } from '../../sensors/sensorService.ts';
import { everyKey } from './everyKey.ts';
import { sameShape } from './sameShape.ts';

/** `POST /api/sensors/readings`: readings taken, and the alerts they opened and closed. */
export const ReadingsAcceptedAnswer = z.object({ accepted: z.number().int(), alertsOpened: z.number().int(), alertsClosed: z.number().int() });
sameShape<z.output<typeof ReadingsAcceptedAnswer>, Omit<Extract<IngestResult, { ok: true }>, 'ok'>>(true);

/** The unit a kind reports in (`status`: a device code). */
export const SensorUnitAnswer = z.enum(['cm', '%obs/m', 'deg', '%LEL', 'MPa', 'status']);
sameShape<z.output<typeof SensorUnitAnswer>, (typeof SENSOR_UNITS)[SensorKind]>(true);

/** A device in the registry: where it is (WGS-84), when last heard from (epoch ms; null: never), its latest value and level. */
export const SensorAnswer = z.object({
  id: z.string(),
  kind: SensorKind,
  /** A waterlogging point's name; null for devices. */
  name: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  districtCode: z.string(),
  gridCode: z.string(),
  lastSeenMs: z.number().nullable(),
  online: z.boolean(),
  value: z.number().nullable(),
  unit: SensorUnitAnswer,
  level: AlertLevel,
});
sameShape<z.output<typeof SensorAnswer>, SensorRecord>(true);

/** `GET /api/sensors`: how many match, and the page asked for. */
export const SensorListAnswer = z.object({ total: z.number().int(), sensors: z.array(SensorAnswer) });

/** One kind's devices: all, online, in alarm. */
export const SensorKindHealthAnswer = z.object({ total: z.number().int(), online: z.number().int(), alarming: z.number().int() });
sameShape<z.output<typeof SensorKindHealthAnswer>, SensorKindHealth>(true);

/** `GET /api/sensors/summary`: as of when (epoch ms), by kind and by district code, and when each source was last heard from (null: never). */
export const SensorSummaryAnswer = z.object({
  asOfMs: z.number(),
  byKind: everyKey(SENSOR_KINDS, SensorKindHealthAnswer),
  byDistrict: z.record(z.string(), z.object({ total: z.number().int(), online: z.number().int() })),
  lastHeardMs: z.object({ waterlogging: z.number().nullable(), iot: z.number().nullable(), camera: z.number().nullable() }),
});
sameShape<z.output<typeof SensorSummaryAnswer>, SensorSummary>(true);

/** `GET /api/sensors/:id/trend`: a waterlogging point's recent depths, oldest first, as [epoch ms, depth cm]. */
export const DepthTrendAnswer = z.object({ id: z.string(), name: z.string(), points: z.array(z.tuple([z.number(), z.number()])) });
sameShape<z.output<typeof DepthTrendAnswer>, DepthTrend>(true);
