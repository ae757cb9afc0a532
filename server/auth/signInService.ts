import type { Role, SignInResult } from '../../common/domain/auth.ts';
import type { AccountRecord, AccountRepository } from '../accounts/accountRepository.ts';
import type { AccountService } from '../accounts/accountService.ts';
import { fastHash, randomSecret } from '../accounts/secrets.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { AccountGate } from './accountGate.ts';
import type { RevokedSessions } from './revokedSessions.ts';
import type { SignInThrottle } from './signInThrottle.ts';
import type { TokenIssuer } from './tokens.ts';

const DAY_MS = 86_400_000;
/**
 * How long a refresh token lasts unused, by role (each use gives a new one for as long again): a
 * wall and a phone stay signed in for weeks of shifts; an officer signs in for a working day.
 */
const REFRESH_LIFETIME_MS: Record<Role, number> = { wall: 30 * DAY_MS, worker: 30 * DAY_MS, integration: 30 * DAY_MS, officer: 12 * 3_600_000, department: 12 * 3_600_000 };

/** How often used-up refresh tokens are swept from the store, ms (hourly). */
const PRUNE_EVERY_MS = 3_600_000;

/** What the sign-in service is built from. */
export interface SignInServiceOptions {
  accounts: AccountService;
  repository: AccountRepository;
  tokens: TokenIssuer;
  gate: AccountGate;
  throttle: SignInThrottle;
  audit: AuditLog;
  clock: () => number;
  revoked: RevokedSessions;
}

export type SignInOutcome = { ok: true; result: SignInResult } | { ok: false; status: 401 | 429; error: string; retryAfterS?: number };

/**
 * Sign-in, refresh, sign-out and a phone's enrolment: throttled, audited, answered after the store has it.
 *
 * A sign-in (login or enrolment) starts a session: a refresh-token family, whose id every access
 * token of the session carries (`sid`). Each refresh uses its token once and answers a successor
 * of the same family; a used token is kept, marked used, until it expires, so presenting it again
 * is seen — a copy is in a second pair of hands — and revokes the whole family: the thief and the
 * victim are both signed out at their next refresh, and their access tokens at once. Signing out
 * revokes the family too. Revoking a family also puts it on the deny-list every access-token check
 * asks (revokedSessions.ts), shared by the nodes through Redis.
 */
export class SignInService {
  private readonly accounts: AccountService;
  private readonly repository: AccountRepository;
  private readonly tokens: TokenIssuer;
  private readonly gate: AccountGate;
  private readonly throttle: SignInThrottle;
  private readonly audit: AuditLog;
  private readonly clock: () => number;
  private readonly revoked: RevokedSessions;

  constructor({ accounts, repository, tokens, gate, throttle, audit, clock, revoked }: SignInServiceOptions) {
    this.accounts = accounts;
    this.repository = repository;
    this.tokens = tokens;
    this.gate = gate;
    this.throttle = throttle;
    this.audit = audit;
    this.clock = clock;
    this.revoked = revoked;
  }

  private pruneTimer: NodeJS.Timeout | null = null;

  /** Sweeps expired refresh tokens every hour; a failed sweep is logged and tried again at the next. */
  start(onError: (error: unknown) => void = () => {}): void {
    this.pruneTimer = setInterval(() => void this.repository.deleteExpiredRefresh(this.clock()).catch(onError), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  stop(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }

  /** Tokens for the account: in a new session (a sign-in), or in `familyId`'s (a refresh). */
  private async issue(account: AccountRecord, familyId = randomSecret('', 16)): Promise<SignInResult> {
    const now = this.clock();
    const refreshToken = randomSecret('cbr_');
    await this.repository.addRefresh({ tokenHash: fastHash(refreshToken), username: account.username, familyId, expiresAtMs: now + REFRESH_LIFETIME_MS[account.role] });
    const principal = { username: account.username, role: account.role, unit: account.unit };
    return { token: this.tokens.issue(principal, account.version, now, familyId), expiresAtMs: now + this.tokens.lifetimeMs, refreshToken, ...principal, department: account.department };
  }

  /**
   * The throttle's slots, taken before anything is checked (signInThrottle.ts): null when this
   * attempt may be checked, else its 429.
   */
  private async throttled(username: string, address: string): Promise<SignInOutcome | null> {
    const waitMs = await this.throttle.take(username, address);
    if (waitMs === 0) return null;
    const retryAfterS = Math.ceil(waitMs / 1000);
    return { ok: false, status: 429, error: `too many failed sign-ins: try again in ${retryAfterS} s`, retryAfterS };
  }

  /** A failed check keeps the slots it took: they are the failure count. */
  private async refused(username: string, address: string, error: string): Promise<SignInOutcome> {
    await this.audit.record({ actor: username, action: 'signin.failed', target: username, address, detail: null });
    return { ok: false, status: 401, error };
  }

  async login(username: string, password: string, address: string): Promise<SignInOutcome> {
    const throttled = await this.throttled(username, address);
    if (throttled) return throttled;
    const account = await this.accounts.checkPassword(username, password);
    if (!account || !this.gate.admits(account)) return this.refused(username, address, 'wrong username or password');
    await this.throttle.succeeded(username, address);
    const result = await this.issue(account);
    await this.audit.record({ actor: username, action: 'signin', target: username, address, detail: { role: account.role } });
    return { ok: true, result };
  }

  /**
   * A refresh token is used once: the answer carries its successor, in the same session. A token
   * presented again after its use revokes its session: every refresh token and access token of it.
   */
  async refresh(refreshToken: string): Promise<SignInOutcome> {
    const used = await this.repository.takeRefresh(fastHash(refreshToken), this.clock());
    if (used?.outcome === 'reused') await this.revoked.revoke(used.record.familyId);
    const account = used?.outcome === 'taken' ? await this.repository.get(used.record.username) : null;
    if (!used || !account || !this.gate.admits(account)) return { ok: false, status: 401, error: 'sign in again: the refresh token is unknown, used, expired or revoked' };
    return { ok: true, result: await this.issue(account, used.record.familyId) };
  }

  /**
   * Signs the refresh token's session out — the token may be used already: its refresh tokens
   * stop, and its access tokens stop on every node before they expire. An unknown token signs
   * nothing out.
   */
  async logout(refreshToken: string): Promise<void> {
    const sessionId = await this.repository.refreshFamilyOf(fastHash(refreshToken));
    if (!sessionId) return;
    await this.repository.revokeRefreshFamily(sessionId, this.clock());
    await this.revoked.revoke(sessionId);
  }

  /** The phone's one-time code for its own device credential (returned once) and a first sign-in. */
  async enrol(username: string, code: string, address: string): Promise<SignInOutcome | { ok: true; result: SignInResult; credential: string }> {
    const throttled = await this.throttled(username, address);
    if (throttled) return throttled;
    const credential = await this.accounts.redeemEnrolment(username, code);
    const account = credential ? await this.repository.get(username) : null;
    if (!credential || !account || !this.gate.admits(account)) return this.refused(username, address, 'wrong, used or expired enrolment code');
    this.gate.forget(username);
    await this.throttle.succeeded(username, address);
    await this.audit.record({ actor: username, action: 'signin.enrolled', target: username, address, detail: null });
    return { ok: true, result: await this.issue(account), credential };
  }
}
