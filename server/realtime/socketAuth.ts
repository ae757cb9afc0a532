import type { Namespace } from 'socket.io';
import type { Role } from '../../common/domain/auth.ts';
import type { TokenIssuer } from '../auth/tokens.ts';

/** Namespace middleware: the handshake must carry `auth: { token }` of one of these roles. */
export function requireSocketRole(nsp: Namespace, tokens: TokenIssuer, ...roles: Role[]): void {
  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const principal = typeof token === 'string' ? await tokens.verify(token) : null;
    if (!principal) return next(new Error('authentication required'));
    if (!roles.includes(principal.role)) return next(new Error(`role ${principal.role} may not join ${nsp.name}`));
    socket.data.principal = principal;
    next();
  });
}
