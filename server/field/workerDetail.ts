import { type Ack, ackError } from '../../common/ack.ts';
import type { WorkerDetail, WorkerPick } from '../../common/domain/field.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { beijingDayStartMs } from '../time/beijingDay.ts';
import type { EventService } from '../events/eventService.ts';
import type { FieldService } from './fieldService.ts';
import type { Principal } from '../../common/domain/auth.ts';
import { mayWatchWorker } from '../auth/areaPolicy.ts';
import type { TaskBoard } from './taskBoard.ts';

/** Most of a worker's reports a click shows (today's, newest first). */
const MAX_REPORTS = 20;

/**
 * A click on a worker's dot on the wall: the worker nearest the point (within the radius the wall
 * gives for its zoom), their grid, where they are, today's patrol track (Beijing day; positions
 * run on real time) and what they reported today.
 */
export async function workerAt(
  pick: WorkerPick,
  principal: Principal,
  field: FieldService,
  tasks: TaskBoard,
  directory: WorkerDirectory,
  geo: CityGeography,
  events: EventService,
  realNow: () => number,
): Promise<Ack<{ worker: WorkerDetail }>> {
  // Only a worker the caller's area holds is found: the same rule as the track route's.
  const found = field.nearest(
    pick.lng,
    pick.lat,
    pick.radiusM,
    (worker) => tasks.isBusy(worker),
    (index) => mayWatchWorker(principal, directory, index),
  );
  if (!found) return ackError(`no grid worker of your area within ${pick.radiusM} m`);
  const id = directory.idOf(found.index);
  const home = directory.homeOf(found.index);
  const now = realNow();
  const track = await field.trackOf(id, beijingDayStartMs(now), now + 1);
  const reports = events.recent(MAX_REPORTS, (e) => e.reportedBy === id).map((e) => ({ id: e.id, category: e.category, state: e.state, receivedAtMs: e.receivedAtMs, lng: e.lng, lat: e.lat }));
  const grid = geo.grids[directory.roster.grid[found.index]!]!;
  return { ok: true, worker: { id, name: home.name, grid: { code: grid.code, name: grid.name }, status: found.status, last: found.last, track, reports } };
}
