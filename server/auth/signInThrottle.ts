import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Failed sign-ins are counted over this window, ms (15 minutes). */
const WINDOW_S = 15 * 60;

export interface ThrottleLimits {
  /** Wrong passwords in a row one account may get before it is answered 429 until the window ends. */
  failuresPerAccount: number;
  /** Failed sign-ins from one address per window: generous, so thousands of phones behind one carrier NAT are not shut out. */
  failuresPerAddress: number;
}

/**
 * Failed sign-ins (and enrolments) throttled per account and per address: once either has used
 * its failures, further attempts are answered 429 with Retry-After without checking the password
 * at all, so 30 wrong passwords in a row are never all answered 401 and a guesser costs no scrypt.
 * A success clears the account's count.
 */
export class SignInThrottle {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly limits: ThrottleLimits) {
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'signin-account', points: limits.failuresPerAccount, duration: WINDOW_S });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'signin-address', points: limits.failuresPerAddress, duration: WINDOW_S });
  }

  /** How long this sign-in must wait, ms; 0 when it may go ahead. */
  async waitMs(username: string, address: string): Promise<number> {
    const [account, from] = await Promise.all([this.byAccount.get(username), this.byAddress.get(address)]);
    const blocked = (res: { consumedPoints: number; msBeforeNext: number } | null, points: number) => (res && res.consumedPoints >= points ? res.msBeforeNext : 0);
    return Math.max(blocked(account, this.limits.failuresPerAccount), blocked(from, this.limits.failuresPerAddress));
  }

  async failed(username: string, address: string): Promise<void> {
    // consume() rejects once points are used up; being over the limit is what waitMs reports.
    await Promise.allSettled([this.byAccount.consume(username), this.byAddress.consume(address)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byAccount.delete(username);
  }
}
