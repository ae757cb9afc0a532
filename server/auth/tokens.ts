import { jwtVerify, SignJWT } from 'jose';
import { type Principal, Role } from '../../common/domain/auth.ts';

/** What a valid access token says: who, the account version it was issued at, and its sign-in session. */
export interface TokenClaims {
  principal: Principal;
  version: number;
  /**
   * The sign-in session the token belongs to: the id of the refresh-token family it was issued
   * with (signInService.ts), which signing out revokes (revokedSessions.ts). Absent from API keys'
   * claims and from tokens issued before sessions were named.
   */
  sessionId?: string;
}

/**
 * Short-lived signed (HS256) access tokens carrying the username, role, unit, the account's
 * version and the sign-in session (`sid`): raising the version (disable, reset) voids every token
 * issued before it; signing out voids the session's tokens (revokedSessions.ts).
 */
export class TokenIssuer {
  /**
   * Imported once: given raw bytes, jose imports the key into WebCrypto at every call, which
   * showed in profiles of 100,000 phones signing in.
   */
  private readonly key: Promise<CryptoKey>;

  constructor(
    secret: string,
    readonly lifetimeMs: number,
  ) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue(principal: Principal, version: number, nowMs = Date.now(), sessionId?: string): Promise<string> {
    return (
      new SignJWT({ role: principal.role, unit: principal.unit, v: version, ...(sessionId === undefined ? {} : { sid: sessionId }) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(principal.username)
        .setIssuedAt(Math.floor(nowMs / 1000))
        // Whole seconds, rounded up: a token never lives less than its lifetime.
        .setExpirationTime(Math.ceil((nowMs + this.lifetimeMs) / 1000))
        .sign(await this.key)
    );
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'] });
      const role = Role.safeParse(payload.role);
      const unit = payload.unit === null || typeof payload.unit === 'string' ? payload.unit : undefined;
      if (!role.success || !payload.sub || unit === undefined || typeof payload.v !== 'number') return null;
      if (payload.sid !== undefined && typeof payload.sid !== 'string') return null;
      return { principal: { username: payload.sub, role: role.data, unit }, version: payload.v, ...(payload.sid === undefined ? {} : { sessionId: payload.sid }) };
    } catch {
      return null;
    }
  }
}
