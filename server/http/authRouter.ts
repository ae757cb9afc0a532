import { type Request, type Response, Router } from 'express';
import { EnrolRequest, LoginRequest, RefreshRequest } from '../../common/domain/auth.ts';
import type { SignInOutcome, SignInService } from '../auth/signInService.ts';
import { badRequest } from './errors.ts';

/** The client's address as the throttle and the audit log see it (X-Forwarded-For only from a trusted proxy). */
export const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

function answer(res: Response, outcome: SignInOutcome, extra: Record<string, unknown> = {}): void {
  if (outcome.ok) return void res.json({ ...outcome.result, ...extra });
  if (outcome.retryAfterS !== undefined) res.set('Retry-After', String(outcome.retryAfterS));
  res.status(outcome.status).json({ error: outcome.error });
}

/**
 * `POST /api/auth/login` `{ username, password }` → `{ token, expiresAtMs, refreshToken, … }`;
 * `/refresh` `{ refreshToken }` → the same with a new refresh token; `/logout` `{ refreshToken }` →
 * 204, the session signed out (its access tokens too); `/enrol`
 * `{ username, code }` → the same plus the phone's device credential; `GET /options`.
 */
export function authRouter(signIn: SignInService, demo: boolean): Router {
  const router = Router();
  router.get('/options', (_req, res) => void res.json({ demo }));

  router.post('/login', async (req, res) => {
    const body = LoginRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    answer(res, await signIn.login(body.data.username, body.data.password, addressOf(req)));
  });

  router.post('/refresh', async (req, res) => {
    const body = RefreshRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    answer(res, await signIn.refresh(body.data.refreshToken));
  });

  // Signs the refresh token's session out: its refresh tokens, and its access tokens on every node
  // before they expire (signInService.ts, revokedSessions.ts). Named by the refresh token alone,
  // never by the Authorization header: a request that merely carries a token signs nothing out.
  router.post('/logout', async (req, res) => {
    const body = RefreshRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    await signIn.logout(body.data.refreshToken);
    res.status(204).end();
  });

  router.post('/enrol', async (req, res) => {
    const body = EnrolRequest.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const outcome = await signIn.enrol(body.data.username, body.data.code, addressOf(req));
    answer(res, outcome, 'credential' in outcome ? { credential: outcome.credential } : {});
  });
  return router;
}
