import type { DefaultEventsMap, Namespace } from 'socket.io';
import type {
  ConsoleClientToServer,
  ConsoleServerToClient,
  InterNodeEvents,
  WallClientToServer,
  WallServerToClient,
  WorkerClientToServer,
  WorkerServerToClient,
} from '../../common/socketCatalogue.ts';
import type { SocketIdentity } from './socketIdentity.ts';

/** The three namespaces as the server holds them, typed by the event catalogue (common/socketCatalogue.ts). */
export type WallNamespace = Namespace<WallClientToServer, WallServerToClient, DefaultEventsMap, SocketIdentity>;
export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, DefaultEventsMap, SocketIdentity>;
/** Phones; also the channel between cluster nodes (server-side emits). */
export type WorkerNamespace = Namespace<WorkerClientToServer, WorkerServerToClient, InterNodeEvents, SocketIdentity>;
