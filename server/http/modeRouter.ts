import { Router } from 'express';
import { ModeChange } from '../../common/domain/modes.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { isCityOfficer } from '../auth/areaPolicy.ts';
import type { ModeService } from '../modes/modeService.ts';
import { addressOf } from './authRouter.ts';
import { badRequest } from './errors.ts';

/**
 * `GET /api/mode` → the mode now and its switches; `POST /api/mode` `{ mode, reason }` switches
 * it — only an officer of the city centre may: the mode is the whole city's.
 */
export function modeRouter(modes: ModeService, auth: Authenticator, audit: AuditLog): Router {
  const router = Router();
  router.get('/', requireRole(auth, 'officer', 'wall', 'integration'), async (_req, res) => void res.json({ mode: modes.state, history: await modes.history() }));
  router.post('/', requireRole(auth, 'officer'), async (req, res) => {
    const principal = req.principal!;
    if (!isCityOfficer(principal)) return void res.status(403).json({ error: `${principal.username} may not switch the city's operating mode: only the city centre's officers may` });
    const change = ModeChange.safeParse(req.body);
    if (!change.success) return badRequest(res, change.error);
    const from = modes.state.mode;
    const mode = await modes.switchTo(change.data, principal.username);
    await audit.record({ actor: principal.username, action: 'mode.switched', target: mode.mode, address: addressOf(req), detail: { from, reason: mode.reason } });
    res.json({ mode });
  });
  return router;
}
