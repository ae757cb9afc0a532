import type { WorkerClientToServer, WorkerServerToClient } from '../../common/events.ts';
import { openNamespace } from './connection.ts';
import { locateOver } from './locateClient.ts';

/** The worker app's one socket owner. */
const { socket, link } = openNamespace<WorkerServerToClient, WorkerClientToServer>('worker');

export const workerLink = link;
export const workerLocate = locateOver(socket);
