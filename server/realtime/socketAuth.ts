import type { Namespace } from 'socket.io';
import type { Principal, Role } from '../../common/domain/auth.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { FrontDoor } from './frontDoor.ts';
import type { SocketSessions } from './socketSessions.ts';
import type { SocketIdentity } from './socketIdentity.ts';

/**
 * Namespace middleware: the handshake must carry `auth: { token }` of one of these roles (and
 * pass `admit`, when given). A socket let in counts as signed in at the front door and is
 * followed by the sessions, which close it when its account is disabled.
 */
export function requireSocketRole(
  nsp: Namespace<never, never, never, SocketIdentity>,
  auth: Authenticator,
  door: FrontDoor,
  sessions: SocketSessions,
  roles: Role[],
  admit: (principal: Principal) => string | null = () => null,
): void {
  // Socket.IO does not await a middleware: a failed check (the store or Redis not answering) is
  // caught here and refuses the handshake, rather than leaving it hanging until connectTimeout.
  nsp.use((socket, next) => {
    const { handshake } = socket;
    const token = (handshake.auth as { token?: unknown }).token;
    // Read once. Socket.IO keeps the handshake for the connection's life — the token, and the
    // upgrade's headers and query (≈ 1 KB from a browser) — and nothing here reads them again.
    delete (handshake.auth as { token?: unknown }).token;
    handshake.headers = {};
    handshake.query = {};
    const checked = typeof token === 'string' && token.length <= 2000 ? auth.principalOf(token) : Promise.resolve(null);
    checked.then(
      (claims) => admitWith(claims, socket, next),
      () => next(new Error('sign-in could not be checked: try again')),
    );
  });
  const admitWith = (claims: Awaited<ReturnType<Authenticator['principalOf']>>, socket: { data: Partial<SocketIdentity> }, next: (error?: Error) => void) => {
    if (!claims) return next(new Error('authentication required'));
    if (!roles.includes(claims.principal.role)) return next(new Error(`role ${claims.principal.role} may not join ${nsp.name}`));
    const refused = admit(claims.principal);
    if (refused) return next(new Error(refused));
    socket.data.principal = claims.principal;
    socket.data.version = claims.version;
    if (claims.sessionId !== undefined) socket.data.sessionId = claims.sessionId;
    next();
  };
  nsp.on('connection', (socket) => {
    door.signedInOn(socket);
    sessions.add(socket);
  });
}
