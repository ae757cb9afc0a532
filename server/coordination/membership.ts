import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { SharedRedis } from './sharedRedis.ts';

/** A node not heard from for this long is taken for gone, ms (as a lease's life). */
const ALIVE_FOR_MS = 10_000;
/** How often a node says it is alive, ms. */
const HEARTBEAT_MS = 3_000;

/**
 * Which nodes are alive: each says so every 3 s in a sorted set (score: until when), and one
 * unheard of for 10 s is gone — its connected phones no longer count anywhere. Node ids are
 * unique per start, so a restarted node is a new member.
 */
export class Membership {
  private readonly beating: RepeatingTask;
  private known: ReadonlySet<string>;

  constructor(
    private readonly redis: SharedRedis,
    private readonly clock: () => number,
    onError: (error: unknown) => void,
  ) {
    this.known = new Set([redis.nodeId]);
    this.beating = new RepeatingTask(() => this.beat(), onError);
  }

  private get key(): string {
    return this.redis.key('nodes');
  }

  private async beat(): Promise<void> {
    const now = this.clock();
    const [, , members] = (await this.redis.client
      .multi()
      .zAdd(this.key, { score: now + ALIVE_FOR_MS, value: this.redis.nodeId })
      .zRemRangeByScore(this.key, '-inf', now)
      .zRange(this.key, 0, -1)
      .exec()) as unknown as [number, number, string[]];
    this.known = new Set(members);
  }

  /** The live nodes as of the last heartbeat (this one always among them). */
  get alive(): ReadonlySet<string> {
    return this.known;
  }

  async start(): Promise<void> {
    await this.beat();
    this.beating.start(HEARTBEAT_MS);
  }

  /** Leaves at once (a graceful stop): the others stop counting this node's phones now, not in 10 s. */
  async stop(): Promise<void> {
    this.beating.stop();
    await this.redis.client.zRem(this.key, this.redis.nodeId);
  }
}
