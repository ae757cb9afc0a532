import { Router } from 'express';
import { LoginRequest } from '../../common/domain/auth.ts';
import { type Account, authenticate } from '../auth/accounts.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import { badRequest } from './errors.ts';

export function authRouter(accounts: readonly Account[], tokens: TokenIssuer, isWorker: (id: string) => boolean): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const body = LoginRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const principal = authenticate(accounts, body.data.username, body.data.password, isWorker);
    if (!principal) return void res.status(401).json({ error: 'wrong username or password' });
    res.json({ token: await tokens.issue(principal), username: principal.username, role: principal.role });
  });
  return router;
}
