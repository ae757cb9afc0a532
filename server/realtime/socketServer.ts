import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import { NAMESPACES } from '../../common/socketCatalogue.ts';
import type { AppDeps } from '../appDeps.ts';
import type { Config } from '../config.ts';
import { FrontDoor } from './frontDoor.ts';
import type { ConsoleNamespace, WallNamespace, WorkerNamespace } from './namespaces.ts';
import { requireSocketRole } from './socketAuth.ts';
import { serveNothing } from './socketCommands.ts';
import { limitSocketEvents } from './socketRateLimit.ts';
import { SocketSessions } from './socketSessions.ts';

export interface SocketServerOptions {
  deps: AppDeps;
  config: Config;
  /** The client's address as Express sees it (X-Forwarded-For only from a trusted proxy). */
  addressOfRequest: (req: IncomingMessage) => string;
}

export interface SocketServerParts {
  io: SocketServer;
  door: FrontDoor;
  wallNsp: WallNamespace;
  consoleNsp: ConsoleNamespace;
  workerNsp: WorkerNamespace;
}

/**
 * The Socket.IO server on the HTTP server: the front door (caps, sign-in window), the adapter
 * between nodes, the three namespaces each admitting only its roles, the main namespace `/` that
 * serves nothing, every event rate-limited per socket, and signed-out sessions' sockets closed.
 */
export function createSocketServer(http: HttpServer, { deps, config, addressOfRequest }: SocketServerOptions): SocketServerParts {
  const { logger, directory, trust, topology } = deps;
  const auth = trust.authenticator;
  const door = new FrontDoor(
    { maxSockets: config.maxSockets, maxPending: config.maxPendingSockets, unsignedPerAddressPerMin: config.unsignedSocketsPerAddressPerMin, signInTimeoutMs: config.socketSignInTimeoutMs },
    addressOfRequest,
    logger,
  );
  // Compression stays off: per-socket deflate state costs ≈ 240 KB a connection at fleet scale.
  // A connection that has not signed in to a namespace within connectTimeout is closed (Socket.IO's
  // own rule); the door also closes one that joined only `/` (see FrontDoor).
  const io: SocketServer = new SocketServer(http, {
    ...topology.socketOptions,
    serveClient: false,
    perMessageDeflate: false,
    cors: { origin: false },
    connectTimeout: config.socketSignInTimeoutMs,
    allowRequest: door.allowRequest,
  });
  door.attach(io);
  const sessions = new SocketSessions(trust.gate, logger);
  trust.revoked.onRevoked((sessionId) => sessions.closeSession(sessionId));
  topology.adaptSockets(io);

  // Namespaces, each admitting only its roles.
  const wallNsp = io.of(NAMESPACES.wall) as WallNamespace;
  requireSocketRole(wallNsp, auth, door, sessions, ['wall', 'officer']);
  const consoleNsp = io.of(NAMESPACES.console) as ConsoleNamespace;
  requireSocketRole(consoleNsp, auth, door, sessions, ['officer']);
  const workerNsp = io.of(NAMESPACES.worker) as WorkerNamespace;
  requireSocketRole(workerNsp, auth, door, sessions, ['worker'], (principal) =>
    principal.unit !== null && directory.indexOf(principal.unit) >= 0 ? null : `${principal.username} is not a grid worker of the roster`,
  );

  // The main namespace `/` admits anyone (Socket.IO's way) and serves nothing: every event on it is
  // answered as unknown, and the door closes its connection unless it signs in to one of the three.
  const mainNsp = io.of('/');

  // Every client → server event is rate-limited per socket; a snapshot costs as much as ten lookups.
  for (const nsp of [wallNsp, consoleNsp, workerNsp, mainNsp])
    limitSocketEvents(nsp, { burst: 40, perSecond: 20, costs: { 'wall:requestSnapshot': 10, 'desk:requestSnapshot': 10, 'workers:view': 5, 'worker:at': 5, 'wall:replay': 5 } });
  serveNothing(mainNsp, logger);

  return { io, door, wallNsp, consoleNsp, workerNsp };
}
