import type { Principal } from '../../common/domain/auth.ts';
import type { EventChannel } from '../../common/domain/events.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { asCommand, assignTask } from '../events/fieldTasks.ts';
import type { EventService } from '../events/eventService.ts';
import type { Logger } from '../logger.ts';
import type { FieldService } from './fieldService.ts';
import type { TaskBoard } from './taskBoard.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** Who gives the tasks the server gives itself, as the event's history and the audit log name it. */
export const FIELD_DESK: Principal = { username: 'system:field', role: 'integration', unit: null };
const NOTE = '市民反映，请就近核查';

/** What asking the grid to verify is wired to. */
export interface AskGridToVerifyOptions {
  events: EventService;
  field: FieldService;
  board: TaskBoard;
  directory: WorkerDirectory;
  audit: AuditLog;
  /** The channels whose reports are verified on site; none: nothing is asked. */
  channels: ReadonlySet<EventChannel>;
  clock: DomainNow;
  logger: Logger;
}

/**
 * The grid's eyes on a citizen's report: when a report comes in on one of the given channels
 * (the hotline, photo reports), the server asks a worker of the grid it lies in who is on duty and
 * free to verify it on site (核查), before anyone dispatches on hearsay. No one on duty there: the
 * officers decide as before.
 */
export function askGridToVerify({ events, field, board, directory, audit, channels, clock, logger }: AskGridToVerifyOptions): void {
  if (channels.size === 0) return;
  events.onCreated((created) => {
    if (!channels.has(created.channel) || !created.gridCode || created.task || created.duplicateOf) return;
    const free = field
      .onDutyIn(created.gridCode)
      .map((i) => directory.idOf(i))
      .filter((id) => !board.isBusy(id));
    if (free.length === 0) return;
    // Spread over the grid's free workers by the event's number, so two reports do not both go to the first.
    const worker = free[Number(created.id.replace(/\D/g, '').slice(-6) || 0) % free.length]!;
    void events
      .act(created.id, (event) => asCommand(assignTask(event, FIELD_DESK, { worker, kind: 'verify', note: NOTE }, () => 'fits', clock())))
      .then(async (result) => {
        if (!result.ok) return logger.debug({ event: created.id, error: result.error }, 'not asked to verify');
        await audit.record({ actor: FIELD_DESK.username, action: 'event.task', target: created.id, address: null, detail: { worker, kind: 'verify' } });
      })
      .catch((error: unknown) => logger.error({ err: error, event: created.id }, 'could not ask the grid to verify a report; the officers decide'));
  });
}
