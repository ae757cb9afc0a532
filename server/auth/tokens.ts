import { jwtVerify, SignJWT } from 'jose';
import { type Principal, Role } from '../../common/domain/auth.ts';

/** What a valid access token says: who, and the account version it was issued at. */
export interface TokenClaims {
  principal: Principal;
  version: number;
}

/**
 * Short-lived signed (HS256) access tokens carrying the username, role, unit and the account's
 * version: raising the version (disable, reset) voids every token issued before it.
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

  async issue(principal: Principal, version: number, nowMs = Date.now()): Promise<string> {
    return new SignJWT({ role: principal.role, unit: principal.unit, v: version })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.username)
      .setIssuedAt(Math.floor(nowMs / 1000))
      // Whole seconds, rounded up: a token never lives less than its lifetime.
      .setExpirationTime(Math.ceil((nowMs + this.lifetimeMs) / 1000))
      .sign(await this.key);
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'] });
      const role = Role.safeParse(payload.role);
      const unit = payload.unit === null || typeof payload.unit === 'string' ? payload.unit : undefined;
      if (!role.success || !payload.sub || unit === undefined || typeof payload.v !== 'number') return null;
      return { principal: { username: payload.sub, role: role.data, unit }, version: payload.v };
    } catch {
      return null;
    }
  }
}
