import type { NextFunction, Request, Response } from 'express';
import type { Principal, Role } from '../../common/domain/auth.ts';
import type { Authenticator } from './authenticator.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * The bearer credential of the Authorization header. Never from the URL: a token in a query
 * string ends up in proxies' logs and browser history (Open311's `api_key` is the one exception,
 * read by that router alone).
 */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null;
}

/** How a refusal is worded: the project's `{ error }` unless a protocol (Open311) has its own. */
export type Refusal = (res: Response, status: 401 | 403, message: string) => void;
const plainRefusal: Refusal = (res, status, message) => void res.status(status).json({ error: message });

/** 401 without a valid credential, 403 with one whose role may not do this. */
export function requireRole(auth: Authenticator, ...roles: Role[]) {
  return requireRoleWith(auth, bearerToken, roles);
}

export function requireRoleWith(auth: Authenticator, credentialOf: (req: Request) => string | null, roles: Role[], refuse: Refusal = plainRefusal) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const credential = credentialOf(req);
    const claims = credential ? await auth.principalOf(credential) : null;
    if (!claims) return refuse(res, 401, 'authentication required: send Authorization: Bearer <token> from POST /api/auth/login');
    if (!roles.includes(claims.principal.role)) return refuse(res, 403, `role ${claims.principal.role} may not do this`);
    req.principal = claims.principal;
    next();
  };
}
