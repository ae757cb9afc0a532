import { createHmac, timingSafeEqual } from 'node:crypto';
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

/** The only header this issuer writes or accepts: a token naming any other algorithm (or `none`) is refused. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Short-lived signed (HS256) access tokens — compact JWTs — carrying the username, role, unit,
 * the account's version and the sign-in session (`sid`): raising the version (disable, reset)
 * voids every token issued before it; signing out voids the session's tokens (revokedSessions.ts).
 *
 * Signed and checked synchronously with node:crypto's HMAC (a few microseconds): through
 * WebCrypto (jose) each check cost ≈ 0.15 ms of CPU and a trip through the thread pool, the
 * largest single cost of 100,000 phones connecting.
 */
export class TokenIssuer {
  private readonly secret: Buffer;

  constructor(
    secret: string,
    readonly lifetimeMs: number,
  ) {
    this.secret = Buffer.from(secret, 'utf8');
  }

  issue(principal: Principal, version: number, nowMs = Date.now(), sessionId?: string): string {
    const claims = {
      role: principal.role,
      unit: principal.unit,
      v: version,
      ...(sessionId === undefined ? {} : { sid: sessionId }),
      sub: principal.username,
      iat: Math.floor(nowMs / 1000),
      // Whole seconds, rounded up: a token never lives less than its lifetime.
      exp: Math.ceil((nowMs + this.lifetimeMs) / 1000),
    };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${signed}.${this.sign(signed).toString('base64url')}`;
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string, nowMs = Date.now()): TokenClaims | null {
    const payloadStart = HEADER.length + 1;
    const signatureStart = token.lastIndexOf('.') + 1;
    if (!token.startsWith(`${HEADER}.`) || signatureStart <= payloadStart) return null;
    const encodedPayload = token.slice(payloadStart, signatureStart - 1);
    const encodedSignature = token.slice(signatureStart);
    if (!BASE64URL.test(encodedPayload) || !BASE64URL.test(encodedSignature)) return null;
    const signature = Buffer.from(encodedSignature, 'base64url');
    if (signature.length !== SIGNATURE_BYTES || !timingSafeEqual(signature, this.sign(token.slice(0, signatureStart - 1)))) return null;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof payload !== 'object' || payload === null) return null;
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= nowMs) return null;
    if (payload.iat !== undefined && typeof payload.iat !== 'number') return null;
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf * 1000 > nowMs)) return null;
    const role = Role.safeParse(payload.role);
    const unit = payload.unit === null || typeof payload.unit === 'string' ? payload.unit : undefined;
    if (!role.success || typeof payload.sub !== 'string' || !payload.sub || unit === undefined || typeof payload.v !== 'number') return null;
    if (payload.sid !== undefined && typeof payload.sid !== 'string') return null;
    return { principal: { username: payload.sub, role: role.data, unit }, version: payload.v, ...(payload.sid === undefined ? {} : { sessionId: payload.sid }) };
  }

  private sign(signed: string): Buffer {
    return createHmac('sha256', this.secret).update(signed).digest();
  }
}
