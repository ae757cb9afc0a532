import { z } from 'zod';
import { Latitude, Longitude } from './geo.ts';

/** `duty:set` on /worker: the worker goes on or off duty (在岗). */
export const DutyCommand = z.object({ onDuty: z.boolean({ error: 'must be true or false' }) });

/** `position:update` on /worker: where the phone is (WGS-84), when it fixed it (epoch ms) and how well. */
export const PositionUpdate = z.object({
  lng: Longitude,
  lat: Latitude,
  atMs: z.number({ error: 'must be epoch milliseconds' }).int('must be whole milliseconds'),
  accuracyM: z.number({ error: 'must be metres' }).min(0, 'must be ≥ 0').max(10_000, 'must be ≤ 10,000'),
});
export type PositionUpdate = z.infer<typeof PositionUpdate>;

/** A point of a patrol track. */
export interface TrackPoint {
  lng: number;
  lat: number;
  atMs: number;
}

/** `GET /api/workers/:id/track?date=YYYY-MM-DD`: a Beijing date. */
export const TrackQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (Beijing)') });

/** 网格力量在岗: workers on duty now, in all and by district of their grid. */
export interface WorkersOnDuty {
  onDuty: number;
  byDistrict: Record<string, number>;
}
