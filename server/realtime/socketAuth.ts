import type { Namespace, Socket } from 'socket.io';
import type { Principal, Role } from '../../common/domain/auth.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { FrontDoor } from './frontDoor.ts';
import type { SocketSessions } from './socketSessions.ts';

/** What a signed-in socket carries: who, and the account version its token was issued at. */
export interface SocketIdentity {
  principal: Principal;
  version: number;
  /** The sign-in session its token came from (absent on tokens issued before sessions were named). */
  sessionId?: string;
}

export const identityOf = (socket: Socket): SocketIdentity => socket.data as SocketIdentity;

/**
 * Namespace middleware: the handshake must carry `auth: { token }` of one of these roles (and
 * pass `admit`, when given). A socket let in counts as signed in at the front door and is
 * followed by the sessions, which close it when its account is disabled.
 */
export function requireSocketRole(nsp: Namespace, auth: Authenticator, door: FrontDoor, sessions: SocketSessions, roles: Role[], admit: (principal: Principal) => string | null = () => null): void {
  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const claims = typeof token === 'string' && token.length <= 2000 ? await auth.principalOf(token) : null;
    if (!claims) return next(new Error('authentication required'));
    if (!roles.includes(claims.principal.role)) return next(new Error(`role ${claims.principal.role} may not join ${nsp.name}`));
    const refused = admit(claims.principal);
    if (refused) return next(new Error(refused));
    Object.assign(socket.data, { principal: claims.principal, version: claims.version, ...(claims.sessionId === undefined ? {} : { sessionId: claims.sessionId }) } satisfies SocketIdentity);
    next();
  });
  nsp.on('connection', (socket) => {
    door.signedInOn(socket);
    sessions.add(socket);
  });
}
