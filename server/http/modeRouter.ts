import { Router } from 'express';
import { ModeChange } from '../../common/domain/modes.ts';
import type { Account } from '../auth/accounts.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import type { ModeService } from '../modes/modeService.ts';
import { badRequest } from './errors.ts';

/**
 * `GET /api/mode` → the mode now and the audit log; `POST /api/mode` `{ mode, reason }` switches
 * it — only an officer of the city centre may: the mode is the whole city's.
 */
export function modeRouter(modes: ModeService, tokens: TokenIssuer, accounts: readonly Account[]): Router {
  const router = Router();
  router.get('/', requireRole(tokens, 'officer', 'wall', 'integration'), (_req, res) => void res.json({ mode: modes.state, history: modes.history() }));
  router.post('/', requireRole(tokens, 'officer'), (req, res) => {
    const username = req.principal!.username;
    const scope = accounts.find((a) => a.username === username)?.scope;
    if (scope?.level !== 'city') return void res.status(403).json({ error: `${username} may not switch the city's operating mode: only the city centre's officers may` });
    const change = ModeChange.safeParse(req.body);
    if (!change.success) return badRequest(res, change.error);
    res.json({ mode: modes.switchTo(change.data, username) });
  });
  return router;
}
