import type { NextFunction, Request, Response } from 'express';
import type { Principal, Role } from '../../common/domain/auth.ts';
import type { TokenIssuer } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Bearer token from the Authorization header (or `api_key`, as Open311 clients send it). */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const apiKey = (req.body as { api_key?: unknown } | undefined)?.api_key ?? req.query.api_key;
  return typeof apiKey === 'string' ? apiKey : null;
}

/** 401 without a valid token, 403 with one whose role may not do this. */
export function requireRole(tokens: TokenIssuer, ...roles: Role[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    const principal = token ? await tokens.verify(token) : null;
    if (!principal) return void res.status(401).json({ error: 'authentication required: send Authorization: Bearer <token> from POST /api/auth/login' });
    if (!roles.includes(principal.role)) return void res.status(403).json({ error: `role ${principal.role} may not do this` });
    req.principal = principal;
    next();
  };
}
