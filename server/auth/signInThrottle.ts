import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
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
 * Failed sign-ins (and enrolments) throttled per account and per address. Every attempt first
 * TAKES a failure slot of its account and one of its address (an atomic consume: in memory, or
 * one Redis script), and only an attempt that got both has its password checked: so however many
 * guesses arrive at once — 100 in parallel, spread over the nodes — at most the limit of them are
 * ever checked, the rest answered 429 with Retry-After unchecked, and a guesser costs no scrypt.
 * A wrong password keeps its slots (they are the failure count); a right one clears its account's
 * count and gives its address's slot back, so successes never count against an address. An
 * attempt refused by one limit gives back the slot it took of the other: only checked passwords
 * count.
 */
export class SignInThrottle {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  /**
   * With Redis (several nodes), the counts are the nodes' together: a guesser spreading attempts
   * over the nodes gets no more than against one. A Redis that does not answer makes the count
   * fall back to this node's own (the insurance limiter) rather than let every attempt through.
   */
  constructor(limits: ThrottleLimits, redis: { client: RedisClient; prefix: string } | null = null) {
    const limiter = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_S });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis.client,
        useRedisPackage: true,
        keyPrefix: `${redis.prefix}${name}`,
        points,
        duration: WINDOW_S,
        insuranceLimiter: memory,
        rejectIfRedisNotReady: true,
      });
    };
    this.byAccount = limiter('signin-account', limits.failuresPerAccount);
    this.byAddress = limiter('signin-address', limits.failuresPerAddress);
  }

  /**
   * Takes this attempt's slots before its password is checked: 0 when it got both and may go
   * ahead (then `succeeded` or nothing, for a failure), else how long it must wait, ms, having
   * taken nothing.
   */
  async take(username: string, address: string): Promise<number> {
    const [account, from] = await Promise.allSettled([this.byAccount.consume(username), this.byAddress.consume(address)]);
    if (account.status === 'fulfilled' && from.status === 'fulfilled') return 0;
    // A store error (no insurance answered) is not a refusal: give back what was taken and fail the request.
    const error = [account, from].find((r) => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes));
    const giveBack: Promise<unknown>[] = [];
    if (account.status === 'fulfilled') giveBack.push(this.byAccount.reward(username));
    if (from.status === 'fulfilled') giveBack.push(this.byAddress.reward(address));
    await Promise.allSettled(giveBack);
    if (error) throw (error as PromiseRejectedResult).reason;
    const waits = [account, from].map((r) => (r.status === 'rejected' ? (r.reason as RateLimiterRes).msBeforeNext : 0));
    return Math.max(1, ...waits);
  }

  /** The attempt's password was right: its account's count is cleared, its address's slot given back. */
  async succeeded(username: string, address: string): Promise<void> {
    await Promise.allSettled([this.byAccount.delete(username), this.byAddress.reward(address)]);
  }
}
