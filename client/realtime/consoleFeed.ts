import type { ConsoleClientToServer, ConsoleServerToClient } from '../../common/events.ts';
import { openNamespace } from './connection.ts';
import { locateOver } from './locateClient.ts';

/** The console's one socket owner. */
const { socket, link } = openNamespace<ConsoleServerToClient, ConsoleClientToServer>('console');

export const consoleLink = link;
export const consoleLocate = locateOver(socket);
