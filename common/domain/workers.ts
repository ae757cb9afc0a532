import { z } from 'zod';

/**
 * The people on the other end of a broadcast. 网格长 leads a grid, 专职网格员 works it, 微网格员
 * covers 50–70 households, and embedded police (一社区一民警、一网格一辅警) sit with communities.
 */
export const WORKER_ROLES = ['gridLeader', 'gridWorker', 'microGridWorker', 'police'] as const;
export const WorkerRole = z.enum(WORKER_ROLES);
export type WorkerRole = z.infer<typeof WorkerRole>;

export const WORKER_ROLE_LABELS: Record<WorkerRole, { zh: string; en: string }> = {
  gridLeader: { zh: '网格长', en: 'Grid leader' },
  gridWorker: { zh: '专职网格员', en: 'Grid worker' },
  microGridWorker: { zh: '微网格员', en: 'Micro-grid worker' },
  police: { zh: '下沉民警', en: 'Embedded police' },
};

/**
 * A grid worker's id: W000123 in the generated city, the city's own roster ids in an imported one.
 * It is also the worker's account name, so it stays within what a username may hold.
 */
export const WORKER_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const WorkerId = z.string().regex(WORKER_ID_PATTERN, 'must be a grid worker id such as W000123 (letters, digits, _ and -, at most 32)');

export const GridWorker = z.object({
  id: z.string(),
  name: z.string(),
  role: WorkerRole,
  /** Code of the home grid (the micro-grid's parent for micro-grid workers). */
  gridCode: z.string(),
  microGridCode: z.string().nullable(),
});
export type GridWorker = z.infer<typeof GridWorker>;

/** `GET /api/workers/me`: the signed-in grid worker, with their grid's name for the phone to show. */
export const WorkerProfile = GridWorker.extend({ gridName: z.string() });
export type WorkerProfile = z.infer<typeof WorkerProfile>;
