import type { Principal } from '../../common/domain/auth.ts';
import type { AccountService } from '../accounts/accountService.ts';
import type { AccountGate } from './accountGate.ts';
import type { RevokedSessions } from './revokedSessions.ts';
import type { TokenClaims, TokenIssuer } from './tokens.ts';

/**
 * Turns a bearer credential — an access token, or an integration's API key — into the principal
 * it stands for, if its account may act now and (for a token) its sign-in session has not been
 * signed out. The one check behind every route and socket.
 */
export class Authenticator {
  constructor(
    readonly tokens: TokenIssuer,
    readonly gate: AccountGate,
    private readonly accounts: AccountService,
    private readonly revoked: RevokedSessions,
  ) {}

  async principalOf(credential: string): Promise<TokenClaims | null> {
    if (credential.startsWith('cbk_')) {
      const key = await this.accounts.checkApiKey(credential, (id) => this.gate.apiKey(id));
      const status = key && (await this.gate.admitted(key.username));
      return status ? { principal: { username: key!.username, role: status.role, unit: status.unit, department: status.department, channel: status.channel }, version: status.version } : null;
    }
    const claims = this.tokens.verify(credential);
    if (!claims) return null;
    const [status, signedOut] = await Promise.all([this.gate.admitted(claims.principal.username, claims.version), claims.sessionId === undefined ? false : this.revoked.isRevoked(claims.sessionId)]);
    if (signedOut) return null;
    // Role, unit and department from the store, not the token: a change takes effect at once.
    return status
      ? {
          principal: { ...claims.principal, role: status.role, unit: status.unit, department: status.department, channel: status.channel } as Principal,
          version: claims.version,
          ...(claims.sessionId === undefined ? {} : { sessionId: claims.sessionId }),
        }
      : null;
  }
}
