import { eventShownTo } from '../auth/areaPolicy.ts';
import type { WallFeed } from './wallFeed.ts';
import type { WallReplay } from '../replay/wallReplay.ts';
import type { WallNamespace } from './namespaces.ts';
import type { EventService } from '../events/eventService.ts';
import type { Logger } from '../logger.ts';
import type { FieldService } from '../field/fieldService.ts';
import type { TaskBoard } from '../field/taskBoard.ts';
import { workerAt } from '../field/workerDetail.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import { ackError } from '../../common/ack.ts';
import { serveCommands } from './socketCommands.ts';
import { identityOf, type SignedInSocket } from './socketIdentity.ts';

/** What the walls' namespace is wired to. */
export interface WallNamespaceOptions {
  nsp: WallNamespace;
  feed: WallFeed;
  replay: WallReplay;
  events: EventService;
  sensors: SensorService;
  field: FieldService;
  tasks: TaskBoard;
  directory: WorkerDirectory;
  geo: CityGeography;
  logger: Logger;
}

/**
 * The wall is read-only: a snapshot on join and on request (after a gap), an event's history and
 * a waterlogging point's depth trend on click, the grid workers in its view and one of them on click;
 * and, for a wall put back to a past moment, what the walls were fed after it (played forward).
 */
export function attachWallNamespace({ nsp, feed, replay, events, sensors, field, tasks, directory, geo, logger }: WallNamespaceOptions): void {
  const principalOf = (socket: SignedInSocket) => identityOf(socket).principal;
  serveCommands(
    nsp,
    'wall',
    {
      'wall:requestSnapshot': () => ({ ok: true, snapshot: feed.snapshot() }),
      'event:history': async (id, socket) => {
        const event = await events.get(id);
        return event ? { ok: true, event: eventShownTo(event, principalOf(socket)), history: await events.history(id) } : ackError(`no event ${id}`);
      },
      'sensor:trend': (id) => {
        const trend = sensors.trend(id);
        return trend ? { ok: true, trend } : ackError(`no waterlogging point ${id}`);
      },
      'workers:view': async (view) => ({ ok: true, workers: view.atMs === undefined ? field.inView(view, (worker) => tasks.isBusy(worker)) : await field.pastInView(view, view.atMs) }),
      'worker:at': (pick, socket) => workerAt(pick, principalOf(socket), field, tasks, directory, geo, events, Date.now),
      'wall:replay': async (range) => ({ ok: true, ...(await replay.framesBetween(range.afterMs, range.untilMs)) }),
    },
    logger,
  );
  nsp.on('connection', (socket) => socket.emit('wall:snapshot', feed.snapshot()));
}
