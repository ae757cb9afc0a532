import type { ConsoleSnapshot } from '../../common/socketCatalogue.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { Logger } from '../logger.ts';
import type { locateCommand } from './locateHandler.ts';
import type { ModeService } from '../modes/modeService.ts';
import type { ConsoleNamespace } from './namespaces.ts';
import { type OfficerDeskFeed, deskRoomOf } from './officerDeskFeed.ts';
import { serveCommands } from './socketCommands.ts';
import { identityOf } from './socketIdentity.ts';

/** Broadcasts (and mode switches) a console gets on joining. */
const CONSOLE_SNAPSHOT_BROADCASTS = 20;

export interface ConsoleNamespaceOptions {
  desks: OfficerDeskFeed;
  broadcasts: BroadcastService;
  modes: ModeService;
  locate: ReturnType<typeof locateCommand>;
  logger: Logger;
}

/**
 * The duty officer's console: on joining, the officer's desk (the room of their area, its snapshot
 * at once, its deltas from then on), the mode and the recent broadcasts without asking; a switch of
 * mode as it happens (a local emit: every node that holds consoles hears of every switch).
 */
export function attachConsoleNamespace(nsp: ConsoleNamespace, { desks, broadcasts, modes, locate, logger }: ConsoleNamespaceOptions): void {
  const consoleSnapshot = async (): Promise<ConsoleSnapshot> => {
    const recent = await broadcasts.history(CONSOLE_SNAPSHOT_BROADCASTS);
    const progress = await Promise.all(recent.map((b) => broadcasts.currentProgress(b.id)));
    return { mode: modes.state, modeHistory: await modes.history(CONSOLE_SNAPSHOT_BROADCASTS), broadcasts: progress.filter((p) => p !== null) };
  };
  serveCommands(nsp, 'console', { 'geo:locate': (query) => locate(query), 'desk:requestSnapshot': (_none, socket) => ({ ok: true, snapshot: desks.snapshot(identityOf(socket).principal) }) }, logger);
  nsp.on('connection', (socket) => {
    const { principal } = identityOf(socket);
    void socket.join(deskRoomOf(principal.unit));
    socket.emit('desk:snapshot', desks.snapshot(principal));
    void consoleSnapshot().then(
      (snapshot) => socket.emit('console:snapshot', snapshot),
      (error: unknown) => logger.error({ err: error }, 'console snapshot failed'),
    );
  });
  modes.onChange((state) => nsp.local.emit('mode:changed', state));
}
