import type { RedisClient } from '../coordination/leases.ts';

/** Revocations kept in memory before the expired ones are swept out (each is a few dozen bytes). */
const SWEEP_FROM = 10_000;
/** How long a sign-out waits for Redis to take its revocation before answering anyway, ms. */
const REDIS_WAIT_MS = 2000;

/**
 * Signed-out sessions whose access tokens may still be unexpired: the deny-list behind sign-out.
 *
 * Access tokens are stateless signed JWTs (tokens.ts) that live `ACCESS_TOKEN_LIFETIME_MS`
 * (15 minutes). Each names its sign-in session (`sid`): the refresh-token family it was issued
 * with — a sign-in starts a family, every refresh's successor inherits it (signInService.ts).
 * Signing out (`POST /api/auth/logout` with any refresh token of the session — the pages send
 * theirs), and a refresh token presented a second time, revoke the family in the store, so no
 * further token comes from it, and put its id here for one access-token lifetime (and a second, since a token's expiry is rounded up to
 * the second): by then every access token of the session has expired of itself, so the list only
 * ever holds the sessions ended in the last 15 minutes. Every access-token check asks it
 * (authenticator.ts) — REST requests and socket sign-ins alike.
 *
 * - One process: the list is this map in memory.
 * - With Redis (several nodes): a revocation is also the key `<REDIS_PREFIX>revoked-session:<sid>`
 *   with that lifetime as its TTL, written before the sign-out is answered; a check asks this
 *   node's memory, then Redis (`EXISTS`, one round trip pipelined with the tick's other commands).
 *   So a token signed out on one node is refused on every node from the moment the sign-out was
 *   answered, and a node started later finds the revocations Redis still holds.
 * - Redis not answering: a check answers from this node's memory (the sign-outs it took itself)
 *   rather than refuse every request in the city — the trade the sign-in throttle's insurance
 *   limiter makes; a revocation written meanwhile waits in the client's queue and goes out once
 *   Redis is back (the sign-out answers after at most 2 s).
 * - A cluster on one machine without Redis: node 0 takes every sign-out and REST request and
 *   knows; the socket-only nodes do not, so a phone could open a socket there with a signed-out
 *   token until it expires. Run such a cluster with Redis where that matters.
 */
export class RevokedSessions {
  /** Session id → until when it is refused, epoch ms. */
  private readonly revoked = new Map<string, number>();
  private sweepAt = SWEEP_FROM;
  private readonly listeners: ((sessionId: string) => void)[] = [];

  /**
   * `keepMs`: how long a revocation is kept, the access tokens' lifetime (plus the second their
   * expiry may be rounded up by).
   */
  constructor(
    private readonly keepMs: number,
    private readonly clock: () => number,
    private readonly redis: { client: RedisClient; prefix: string } | null = null,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private key(sessionId: string): string {
    return `${this.redis!.prefix}revoked-session:${sessionId}`;
  }

  /** Hears of each session revoked on this node (its sockets are closed: they were let in before). */
  onRevoked(listener: (sessionId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Refuses the session's access tokens from now on, on every node; resolves once Redis has it (or after 2 s). */
  async revoke(sessionId: string): Promise<void> {
    const now = this.clock();
    this.revoked.set(sessionId, now + this.keepMs);
    for (const listener of this.listeners) listener(sessionId);
    if (this.revoked.size >= this.sweepAt) this.sweep(now);
    if (!this.redis) return;
    const written = this.redis.client.set(this.key(sessionId), '1', { expiration: { type: 'PX', value: this.keepMs } }).then(
      () => undefined,
      (error: unknown) => this.onError(error),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([written, new Promise<void>((resolve) => (timer = setTimeout(resolve, REDIS_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Whether the session was signed out (within the last access-token lifetime). */
  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.revoked.get(sessionId);
    if (until !== undefined) {
      if (until > this.clock()) return true;
      this.revoked.delete(sessionId);
    }
    if (!this.redis?.client.isReady) return false;
    try {
      return (await this.redis.client.exists(this.key(sessionId))) === 1;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }

  private sweep(now: number): void {
    for (const [sessionId, until] of this.revoked) if (until <= now) this.revoked.delete(sessionId);
    this.sweepAt = Math.max(SWEEP_FROM, this.revoked.size * 2);
  }
}
