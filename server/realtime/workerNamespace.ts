import { type Ack, ackError } from '../../common/ack.ts';
import type { GridPath } from '../../common/domain/geo.ts';
import type { BroadcastService, WorkerNamespace } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import type { Logger } from '../logger.ts';
import type { FieldService } from '../field/fieldService.ts';
import type { TaskBoard } from '../field/taskBoard.ts';
import { identityOf, type SignedInSocket } from './socketIdentity.ts';
import { serveCommands } from './socketCommands.ts';

/** The answer to a receipt no one hears (shared: nothing is made per receipt). */
const NOTED: Ack = { ok: true };

/** What the workers' namespace is wired to. */
export interface WorkerNamespaceOptions {
  nsp: WorkerNamespace;
  directory: WorkerDirectory;
  broadcasts: BroadcastService;
  locate: (query: { lng: number; lat: number }) => Ack<{ path: GridPath | null }>;
  field: FieldService;
  tasks: TaskBoard;
  logger: Logger;
}

/**
 * A grid worker's phone: it joins the rooms of its place in the hierarchy, is sent what it missed
 * while offline, and answers each broadcast with a receipt and, by hand, a confirmation; it is told
 * of each task given to its worker.
 */
export function attachWorkerNamespace({ nsp, directory, broadcasts, locate, field, tasks, logger }: WorkerNamespaceOptions): void {
  // A task given to a worker goes to their phones on this node at once (every node hears of every
  // change, so each tells its own sockets); a phone offline finds it in GET /api/tasks.
  tasks.onAssigned((item) => {
    const index = directory.indexOf(item.task.worker);
    for (const socketId of broadcasts.presence.online.get(index)) nsp.sockets.get(socketId)?.emit('task:assigned', item);
  });
  const indexOf = (socket: SignedInSocket): number => identityOf(socket).workerIndex!;
  // Answered once the receipt is committed: a phone told { ok: true } may forget it. One that asked
  // no answer (the field app) makes nothing wait: its receipt is counted and queued for the store.
  const receipt =
    (kind: 'delivered' | 'confirmed') =>
    (id: string, socket: SignedInSocket, answered: boolean): Ack | Promise<Ack> => {
      if (!answered) {
        const refusal = broadcasts.noteReceipt(indexOf(socket), id, kind);
        return refusal ? ackError(refusal) : NOTED;
      }
      return broadcasts.receipt(indexOf(socket), id, kind).then((error) => (error ? ackError(error) : { ok: true }));
    };
  serveCommands(
    nsp,
    'worker',
    {
      'geo:locate': (query) => locate(query),
      'broadcast:delivered': receipt('delivered'),
      'broadcast:confirm': receipt('confirmed'),
      'broadcast:inbox': async (_none, socket) => ({ ok: true, items: await broadcasts.inbox(indexOf(socket)) }),
      'duty:set': (command, socket) => field.setDuty(indexOf(socket), command.onDuty),
      'position:update': (update, socket) => field.position(indexOf(socket), update),
    },
    logger,
  );
  // One listener for every phone (`this` is the socket), not a closure per connection.
  const disconnected = function (this: SignedInSocket) {
    broadcasts.disconnected(indexOf(this), this.id);
  };
  nsp.on('connection', (socket) => {
    // The namespace admitted only workers whose unit is a roster id.
    const index = directory.indexOf(identityOf(socket).principal.unit!);
    identityOf(socket).workerIndex = index;
    socket.join(directory.roomsOf(index));
    // Presence counts the phone at once; what it missed follows once known (with Redis, its
    // receipts taken on other nodes are read from the store first).
    void broadcasts.connected(index, socket.id).then(
      (missed) => {
        for (const broadcast of missed.broadcasts) socket.emit('broadcast:new', broadcast);
        for (const list of missed.stragglers) socket.emit('broadcast:stragglers', list);
      },
      (error: unknown) => logger.error({ err: error, worker: directory.idOf(index) }, 'could not tell a connecting phone what it missed; the next resend round will'),
    );
    socket.on('disconnect', disconnected);
  });
}
