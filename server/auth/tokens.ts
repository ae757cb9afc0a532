import { jwtVerify, SignJWT } from 'jose';
import { type Principal, Role } from '../../common/domain/auth.ts';

/** A wall stays logged in for a month of shifts; others for a working day. */
const LIFETIME_S: Record<Principal['role'], number> = { wall: 30 * 86_400, officer: 12 * 3_600, integration: 30 * 86_400, worker: 30 * 86_400 };

/** Signed (HS256) tokens carrying the username and role. */
export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(principal: Principal): Promise<string> {
    return new SignJWT({ role: principal.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.username)
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_S[principal.role]}s`)
      .sign(this.key);
  }

  /** The principal of a valid, unexpired token; null for anything else. */
  async verify(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      const role = Role.safeParse(payload.role);
      return role.success && payload.sub ? { username: payload.sub, role: role.data } : null;
    } catch {
      return null;
    }
  }
}
