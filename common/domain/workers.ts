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

export const GridWorker = z.object({
  id: z.string(),
  name: z.string(),
  role: WorkerRole,
  /** Code of the home grid (the micro-grid's parent for micro-grid workers). */
  gridCode: z.string(),
  microGridCode: z.string().nullable(),
});
export type GridWorker = z.infer<typeof GridWorker>;
