import { Router } from 'express';
import { z } from 'zod';
import { storableKey } from '../../common/domain/text.ts';
import { AUDIT_ACTIONS, type AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { isCityOfficer } from '../auth/areaPolicy.ts';
import { badRequest } from './errors.ts';

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce.number().int().min(1).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: storableKey(64).optional(),
});

/** `GET /api/audit[?limit=&beforeId=&action=&actor=]`: the audit log, newest first, for the city centre's officers. */
export function auditRouter(audit: AuditLog, auth: Authenticator): Router {
  const router = Router();
  router.get('/', requireRole(auth, 'officer'), async (req, res) => {
    if (!isCityOfficer(req.principal!)) return void res.status(403).json({ error: `${req.principal!.username} may not read the audit log: only the city centre's officers may` });
    const query = AuditQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    res.json({ entries: await audit.recent(query.data) });
  });
  return router;
}
