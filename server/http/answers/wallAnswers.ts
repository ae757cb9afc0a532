import { z } from 'zod';
import { CategorySchema } from '../../../common/domain/categories.ts';
import { EscalationLevel } from '../../../common/domain/eventRecords.ts';
import { EventChannel, EventState } from '../../../common/domain/events.ts';
import type { WorkersOnDuty } from '../../../common/domain/field.ts';
import { AlertLevel, type AlarmView, SensorKind, type WaterPointView } from '../../../common/domain/sensors.ts';
import { EpochMs } from '../../../common/domain/time.ts';
import type { ReplayOrigin, ReplaySnapshot, WallEventDot, WallSensors } from '../../../common/socketCatalogue.ts';
import { BroadcastProgressAnswer } from './broadcastAnswers.ts';
import { GeoSummaryAnswer, ModeStateAnswer } from './cityAnswers.ts';
import { sameShape } from './sameShape.ts';
import { SensorSummaryAnswer } from './sensorAnswers.ts';
import { TodayStatsAnswer } from './statsAnswers.ts';

/** An event as the wall's map draws it (WGS-84; received at, epoch ms). */
export const WallEventDotAnswer = z.object({
  id: z.string(),
  category: CategorySchema,
  channel: EventChannel,
  state: EventState,
  lng: z.number(),
  lat: z.number(),
  districtCode: z.string(),
  receivedAtMs: z.number(),
  escalation: EscalationLevel.nullable(),
});
sameShape<z.output<typeof WallEventDotAnswer>, WallEventDot>(true);

/** A waterlogging point: depth (cm) and level of the reading shown, and its time (epoch ms; 0: no reading). */
export const WaterPointViewAnswer = z.object({ id: z.string(), name: z.string(), lng: z.number(), lat: z.number(), depthCm: z.number(), level: AlertLevel, atMs: z.number() });
sameShape<z.output<typeof WaterPointViewAnswer>, WaterPointView>(true);

/** An IoT device in alarm: its value in its unit, and since when (epoch ms). */
export const AlarmViewAnswer = z.object({
  sensorId: z.string(),
  kind: SensorKind,
  lng: z.number(),
  lat: z.number(),
  districtCode: z.string(),
  level: AlertLevel,
  value: z.number(),
  unit: z.string(),
  sinceMs: z.number(),
});
sameShape<z.output<typeof AlarmViewAnswer>, AlarmView>(true);

export const WallSensorsAnswer = z.object({ water: z.array(WaterPointViewAnswer), alarms: z.array(AlarmViewAnswer), summary: SensorSummaryAnswer });
sameShape<z.output<typeof WallSensorsAnswer>, WallSensors>(true);

export const WorkersOnDutyAnswer = z.object({ onDuty: z.number().int().min(0), byDistrict: z.record(z.string(), z.number().int().min(0)) });
sameShape<z.output<typeof WorkersOnDutyAnswer>, WorkersOnDuty>(true);

/** Where a replayed moment was rebuilt from (times epoch ms of the city's time). */
export const ReplayOriginAnswer = z.object({
  atMs: z.number(),
  rebuiltFrom: z.enum(['keyframe', 'history']),
  keyframeAtMs: z.number().nullable(),
  rowsRead: z.number().int().min(0),
  recordedFromMs: z.number().nullable(),
});
sameShape<z.output<typeof ReplayOriginAnswer>, ReplayOrigin>(true);

/** `GET /api/wall/snapshot`: the wall as it was at the moment, in the shape a live wall joins with, and where it came from. */
export const ReplaySnapshotAnswer = z.object({
  seq: z.number().int(),
  serverTimeMs: EpochMs,
  domainTimeMs: EpochMs,
  geo: GeoSummaryAnswer,
  stats: TodayStatsAnswer,
  events: z.array(WallEventDotAnswer),
  broadcast: BroadcastProgressAnswer.nullable(),
  mode: ModeStateAnswer,
  sensors: WallSensorsAnswer,
  workers: WorkersOnDutyAnswer,
  replay: ReplayOriginAnswer,
});
sameShape<z.output<typeof ReplaySnapshotAnswer>, ReplaySnapshot>(true);
