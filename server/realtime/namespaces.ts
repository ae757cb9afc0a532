import type { Namespace } from 'socket.io';
import type {
  ConsoleClientToServer,
  ConsoleServerToClient,
  InterNodeEvents,
  WallClientToServer,
  WallServerToClient,
  WorkerClientToServer,
  WorkerServerToClient,
} from '../../common/events.ts';

/** The three namespaces as the server holds them, typed by the event catalogue (common/events.ts). */
export type WallNamespace = Namespace<WallClientToServer, WallServerToClient>;
export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient>;
/** Phones; also the channel between cluster nodes (server-side emits). */
export type WorkerNamespace = Namespace<WorkerClientToServer, WorkerServerToClient, InterNodeEvents>;
