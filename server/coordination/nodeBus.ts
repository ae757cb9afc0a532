import type { InterNodeEvents } from '../../common/socketCatalogue.ts';
import type { RedisClient } from './leases.ts';
import type { SharedRedis } from './sharedRedis.ts';

type Topic = keyof InterNodeEvents;
type Payload<T extends Topic> = Parameters<InterNodeEvents[T]>[0];

/** Messages kept in the stream (approximately): minutes of traffic, for a node that lost Redis for a while. */
const STREAM_MAX_LENGTH = 50_000;
/** How long one read waits for news before asking again, ms. */
const READ_BLOCK_MS = 1000;
/** Messages taken per read. */
const READ_COUNT = 500;
/** Pause before reading again after a failed read (Redis away), ms. */
const RETRY_MS = 250;

/**
 * What one node tells the others (typed in common/socketCatalogue.ts, InterNodeEvents), on a Redis
 * stream rather than pub/sub: a node that loses Redis for a few seconds reads on from where it
 * was once it is back, so nothing said meanwhile is missed. A node skips its own messages (it
 * applied them before saying them). `open` notes where the stream stands, so a node that loads
 * its state after opening misses nothing said while it loaded.
 */
export class NodeBus {
  private readonly handlers = new Map<Topic, ((payload: never) => void)[]>();
  private lastId = '0-0';
  private reader: RedisClient | null = null;
  private running = false;
  private stopped: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: SharedRedis,
    private readonly onError: (error: unknown, topic?: string) => void,
  ) {}

  private get stream(): string {
    return this.redis.key('bus');
  }

  /** Notes the stream's end: reading (after `start`) begins just past it. */
  async open(): Promise<void> {
    const newest = await this.redis.client.xRevRange(this.stream, '+', '-', { COUNT: 1 });
    this.lastId = newest[0]?.id ?? '0-0';
    this.reader = await this.redis.duplicate();
  }

  on<T extends Topic>(topic: T, handler: (payload: Payload<T>) => void): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as (payload: never) => void);
    this.handlers.set(topic, list);
  }

  /** Says something to every other node; resolves once Redis has it (it waits out a blip). */
  async publish<T extends Topic>(topic: T, payload: Payload<T>): Promise<void> {
    await this.redis.client.xAdd(
      this.stream,
      '*',
      { n: this.redis.nodeId, t: topic, d: JSON.stringify(payload) },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: STREAM_MAX_LENGTH } },
    );
  }

  /** Reads on until stopped. */
  start(): void {
    if (!this.reader) throw new Error('NodeBus.open() first');
    this.running = true;
    this.stopped = this.readLoop(this.reader);
  }

  private async readLoop(reader: RedisClient): Promise<void> {
    while (this.running) {
      try {
        const batches = await reader.xRead({ key: this.stream, id: this.lastId }, { COUNT: READ_COUNT, BLOCK: READ_BLOCK_MS });
        for (const batch of (batches as { messages: { id: string; message: Record<string, string> }[] }[] | null) ?? [])
          for (const { id, message } of batch.messages) {
            this.lastId = id;
            if (message.n !== this.redis.nodeId) this.deliver(message.t as Topic, message.d!);
          }
      } catch (error) {
        if (!this.running) break;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private deliver(topic: Topic, data: string): void {
    const handlers = this.handlers.get(topic);
    if (!handlers) return;
    try {
      const payload = JSON.parse(data) as never;
      for (const handler of handlers) handler(payload);
    } catch (error) {
      this.onError(error, topic);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    // The blocked read ends at once when its connection goes.
    this.reader?.destroy();
    await this.stopped;
  }
}
