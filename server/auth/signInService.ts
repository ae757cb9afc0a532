import type { Role, SignInResult } from '../../common/domain/auth.ts';
import type { AccountRecord, AccountRepository } from '../accounts/accountRepository.ts';
import type { AccountService } from '../accounts/accountService.ts';
import { fastHash, randomSecret } from '../accounts/secrets.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { AccountGate } from './accountGate.ts';
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

export type SignInOutcome = { ok: true; result: SignInResult } | { ok: false; status: 401 | 429; error: string; retryAfterS?: number };

/** Sign-in, refresh, sign-out and a phone's enrolment: throttled, audited, answered after the store has it. */
export class SignInService {
  constructor(
    private readonly accounts: AccountService,
    private readonly repository: AccountRepository,
    private readonly tokens: TokenIssuer,
    private readonly gate: AccountGate,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly clock: () => number,
  ) {}

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

  private async issue(account: AccountRecord): Promise<SignInResult> {
    const now = this.clock();
    const refreshToken = randomSecret('cbr_');
    await this.repository.addRefresh({ tokenHash: fastHash(refreshToken), username: account.username, expiresAtMs: now + REFRESH_LIFETIME_MS[account.role] });
    const principal = { username: account.username, role: account.role, unit: account.unit };
    return { token: await this.tokens.issue(principal, account.version, now), expiresAtMs: now + this.tokens.lifetimeMs, refreshToken, ...principal, department: account.department };
  }

  private async throttled(username: string, address: string): Promise<SignInOutcome | null> {
    const waitMs = await this.throttle.waitMs(username, address);
    if (waitMs === 0) return null;
    const retryAfterS = Math.ceil(waitMs / 1000);
    return { ok: false, status: 429, error: `too many failed sign-ins: try again in ${retryAfterS} s`, retryAfterS };
  }

  private async refused(username: string, address: string, error: string): Promise<SignInOutcome> {
    await this.throttle.failed(username, address);
    await this.audit.record({ actor: username, action: 'signin.failed', target: username, address, detail: null });
    return { ok: false, status: 401, error };
  }

  async login(username: string, password: string, address: string): Promise<SignInOutcome> {
    const throttled = await this.throttled(username, address);
    if (throttled) return throttled;
    const account = await this.accounts.checkPassword(username, password);
    if (!account || !this.gate.admits(account)) return this.refused(username, address, 'wrong username or password');
    await this.throttle.succeeded(username);
    const result = await this.issue(account);
    await this.audit.record({ actor: username, action: 'signin', target: username, address, detail: { role: account.role } });
    return { ok: true, result };
  }

  /** A refresh token is used once: the answer carries its successor. */
  async refresh(refreshToken: string): Promise<SignInOutcome> {
    const record = await this.repository.takeRefresh(fastHash(refreshToken));
    const account = record && record.expiresAtMs > this.clock() ? await this.repository.get(record.username) : null;
    if (!account || !this.gate.admits(account)) return { ok: false, status: 401, error: 'sign in again: the refresh token is unknown, used, expired or revoked' };
    return { ok: true, result: await this.issue(account) };
  }

  async logout(refreshToken: string): Promise<void> {
    await this.repository.takeRefresh(fastHash(refreshToken));
  }

  /** The phone's one-time code for its own device credential (returned once) and a first sign-in. */
  async enrol(username: string, code: string, address: string): Promise<SignInOutcome | { ok: true; result: SignInResult; credential: string }> {
    const throttled = await this.throttled(username, address);
    if (throttled) return throttled;
    const credential = await this.accounts.redeemEnrolment(username, code);
    const account = credential ? await this.repository.get(username) : null;
    if (!credential || !account || !this.gate.admits(account)) return this.refused(username, address, 'wrong, used or expired enrolment code');
    this.gate.forget(username);
    await this.throttle.succeeded(username);
    await this.audit.record({ actor: username, action: 'signin.enrolled', target: username, address, detail: null });
    return { ok: true, result: await this.issue(account), credential };
  }
}
