import { z } from 'zod';
import { Latitude, Longitude } from './geo.ts';
import { LATEST_MOMENT_MS } from './time.ts';

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

/**
 * `workers:view` from a wall: the map's bounds (WGS-84) and zoom; `atMs` (real time, epoch ms) for
 * a wall put back to a past moment: where the workers' kept tracks had them then.
 */
export const WorkersView = z
  .object({
    atMs: z.number({ error: 'must be epoch ms' }).int('must be whole ms').min(0).max(LATEST_MOMENT_MS, 'must be before the year 10000').optional(),
    west: Longitude,
    south: Latitude,
    east: Longitude,
    north: Latitude,
    zoom: z.number({ error: 'must be a number' }).min(0).max(24),
  })
  .refine((v) => v.west <= v.east && v.south <= v.north, 'west ≤ east and south ≤ north');
export type WorkersView = z.infer<typeof WorkersView>;

/** From this zoom the wall gets a dot per worker in view; below it, counts per cell of the city. */
export const WORKER_DOTS_FROM_ZOOM = 13;
/** Most dots one answer carries. */
export const MAX_WORKER_DOTS = 20_000;
/** Cell size of the aggregate when zoomed out, degrees (≈ 1 km). */
export const WORKER_CELL_DEG = 0.01;

/** A worker's dot: [lng, lat, status]; status 0 on duty, 1 on a task, 2 offline (off duty, or silent for 2 minutes). */
export type WorkerDot = [lng: number, lat: number, status: 0 | 1 | 2];
/** A cell of on-duty workers: [cell centre lng, lat, count]. */
export type WorkerCell = [lng: number, lat: number, count: number];

/** What a wall gets for its view: dots when zoomed in, cells when out — bounded whatever the number of workers. */
export type WorkersInView = { kind: 'dots'; dots: WorkerDot[]; omitted: number } | { kind: 'cells'; cells: WorkerCell[]; onDuty: number };

/**
 * What one node tells the others of its phones since it last did (once a second): per worker
 * whose duty or position changed, [roster index, on duty 0/1, when duty last changed (real ms),
 * lng, lat, atMs] (the position null if none is known).
 */
export type FieldNewsEntry = [index: number, onDuty: 0 | 1, dutyAtMs: number, lng: number | null, lat: number | null, atMs: number | null];

/** `worker:at` from a wall: the worker nearest a clicked point, within `radiusM` metres. */
export const WorkerPick = z.object({
  lng: Longitude,
  lat: Latitude,
  radiusM: z.number({ error: 'must be a number' }).min(1, 'at least 1 m').max(2000, 'at most 2,000 m'),
});
export type WorkerPick = z.infer<typeof WorkerPick>;

/** A clicked worker on the wall: who, where now, today's track and what they reported today. */
export interface WorkerDetail {
  id: string;
  name: string;
  /** Their grid's code and name. */
  grid: { code: string; name: string };
  status: WorkerDot[2];
  last: TrackPoint | null;
  /** Today's patrol (Beijing day), oldest first. */
  track: TrackPoint[];
  reports: { id: string; category: string; state: string; receivedAtMs: number; lng: number; lat: number }[];
}
