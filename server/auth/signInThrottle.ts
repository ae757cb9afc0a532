import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from '../coordination/leases.ts';

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
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  /**
   * With Redis (several nodes), the counts are the nodes' together: a guesser spreading attempts
   * over the nodes gets no more than against one. A Redis that does not answer makes the count
   * fall back to this node's own (the insurance limiter) rather than let every attempt through.
   */
  constructor(
    private readonly limits: ThrottleLimits,
    redis: { client: RedisClient; prefix: string } | null = null,
  ) {
    const limiter = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_S });
      if (!redis) return memory;
      return new RateLimiterRedis({ storeClient: redis.client, useRedisPackage: true, keyPrefix: `${redis.prefix}${name}`, points, duration: WINDOW_S, insuranceLimiter: memory, rejectIfRedisNotReady: true });
    };
    this.byAccount = limiter('signin-account', limits.failuresPerAccount);
    this.byAddress = limiter('signin-address', limits.failuresPerAddress);
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
