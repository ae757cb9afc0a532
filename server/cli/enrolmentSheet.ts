import { writeFileSync } from 'node:fs';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';

/** CSV fields quoted where needed (names are Chinese, codes plain; a comma or quote must not break a row). */
const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Beijing time, as the sheet's readers read a deadline. */
const beijing = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} +08:00`;

/**
 * The enrolment sheet handed to grid leaders: one row per worker with their one-time code. It
 * holds secrets, so it is written readable by its owner only (mode 600).
 */
export function writeEnrolmentSheet(file: string, indices: readonly number[], codes: readonly { username: string; code: string; expiresAtMs: number }[], directory: WorkerDirectory): void {
  const rows = ['worker_id,name,role,district,street,community,grid,code,expires_at'];
  codes.forEach((c, i) => {
    const home = directory.homeOf(indices[i]!);
    rows.push([c.username, home.name, home.role, home.district, home.street, home.community, home.grid, c.code, beijing(c.expiresAtMs)].map(field).join(','));
  });
  writeFileSync(file, `${rows.join('\n')}\n`, { mode: 0o600 });
}
