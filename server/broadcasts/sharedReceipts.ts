import type { SharedRedis } from '../coordination/sharedRedis.ts';
import { LatencyHistogram } from './latencyHistogram.ts';

/** One receipt as counted across the nodes: the worker's roster index and what it says. */
export interface ClaimedReceipt {
  index: number;
  district: number;
  confirmed: boolean;
  /** From sending to the worker's first receipt, ms. */
  latencyMs: number;
}

/** A broadcast's figures as every node counted them together. */
export interface SharedFigures {
  delivered: number;
  confirmed: number;
  deliveredByDistrict: number[];
  latency: LatencyHistogram;
  /** Workers targeted with a phone connected now, and of those how many have it, over the live nodes. */
  connected: number;
  connectedReached: number;
  allDeliveredAtMs: number | null;
  connectedReachedAtMs: number | null;
  /** The counters hold every receipt the store had when they were (re)built. */
  seeded: boolean;
}

/**
 * Counts each receipt once in a script that Redis runs whole: a worker's bit in the broadcast's
 * delivered (and confirmed) bitmap is set, and only when it was not set before are the counters
 * moved (summed in the script first: one HINCRBY per district and latency bucket per call). KEYS: delivered bitmap, confirmed bitmap, counters. ARGV: time to live (ms), then
 * (index, confirmed 0/1, district, latency bucket) per receipt.
 */
const CLAIM = `
local delivered, confirmed = 0, 0
local moved = {}
for i = 2, #ARGV, 4 do
  if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then
    delivered = delivered + 1
    local r, l = 'r' .. ARGV[i + 2], 'l' .. ARGV[i + 3]
    moved[r] = (moved[r] or 0) + 1
    moved[l] = (moved[l] or 0) + 1
  end
  if ARGV[i + 1] == '1' and redis.call('SETBIT', KEYS[2], ARGV[i], 1) == 0 then confirmed = confirmed + 1 end
end
moved['delivered'] = delivered
moved['confirmed'] = confirmed
for field, n in pairs(moved) do
  if n > 0 then redis.call('HINCRBY', KEYS[3], field, n) end
end
for k = 1, 3 do redis.call('PEXPIRE', KEYS[k], ARGV[1]) end
return {delivered, confirmed}
`;

/** Receipts per script call: a long script holds Redis up for everyone else. */
const CLAIM_CHUNK = 1000;
/** Latency buckets of 10 ms, as LatencyHistogram's. */
const BUCKET_MS = 10;
const LAST_BUCKET = 11_999;

/**
 * Broadcast counters every node shares in Redis: receipts counted once whichever node takes them
 * (and however often: a restart, a phone moving node, a repeat), and each node's connected
 * figures, counted only while that node is alive. The store stays the truth: counters lost with
 * Redis are rebuilt from its receipt rows (`seed`), the same script making that idempotent too.
 */
export class SharedReceipts {
  constructor(
    private readonly redis: SharedRedis,
    /** How long a broadcast's counters outlive it in Redis: the tracking window, ms. */
    private readonly keepForMs: number,
    private readonly districts: number,
  ) {}

  private keys(id: string): [string, string, string] {
    return [this.redis.key(`bc:${id}:d`), this.redis.key(`bc:${id}:c`), this.redis.key(`bc:${id}:n`)];
  }

  private onlineKey(id: string): string {
    return this.redis.key(`bc:${id}:on`);
  }

  /** Counts receipts (after they are committed to the store); returns how many were new to the count. */
  async claim(id: string, receipts: readonly ClaimedReceipt[]): Promise<{ delivered: number; confirmed: number }> {
    const total = { delivered: 0, confirmed: 0 };
    for (let start = 0; start < receipts.length; start += CLAIM_CHUNK) {
      const args = [String(this.keepForMs)];
      for (const r of receipts.slice(start, start + CLAIM_CHUNK))
        args.push(String(r.index), r.confirmed ? '1' : '0', String(r.district), String(Math.min(LAST_BUCKET, Math.max(0, Math.floor(r.latencyMs / BUCKET_MS)))));
      const [delivered, confirmed] = (await this.redis.client.eval(CLAIM, { keys: this.keys(id), arguments: args })) as [number, number];
      total.delivered += delivered;
      total.confirmed += confirmed;
    }
    return total;
  }

  /** After counting every stored receipt (a new broadcast has none): the counters are whole. */
  async markSeeded(id: string): Promise<void> {
    const counters = this.keys(id)[2];
    await this.redis.client.multi().hSet(counters, 'seeded', '1').pExpire(counters, this.keepForMs).exec();
  }

  /** This node's connected figures for a broadcast: targeted workers with a phone here, and how many of them have it. */
  async setOnline(id: string, nodeId: string, targeted: number, reached: number): Promise<void> {
    await this.redis.client.multi().hSet(this.onlineKey(id), nodeId, `${targeted},${reached}`).pExpire(this.onlineKey(id), this.keepForMs).exec();
  }

  /** Records a moment once (the first writer wins): when all were delivered, or every connected phone reached. */
  async stampOnce(id: string, field: 'allAt' | 'reachedAt', atMs: number): Promise<void> {
    await this.redis.client.hSetNX(this.keys(id)[2], field, String(atMs));
  }

  /** The figures of several broadcasts at once; `alive` says which nodes' connected figures still count. */
  async figures(ids: readonly string[], alive: ReadonlySet<string>): Promise<Map<string, SharedFigures>> {
    const replies = await Promise.all(ids.map((id) => Promise.all([this.redis.client.hGetAll(this.keys(id)[2]), this.redis.client.hGetAll(this.onlineKey(id))])));
    const out = new Map<string, SharedFigures>();
    ids.forEach((id, n) => {
      const [counters, online] = replies[n]! as [Record<string, string>, Record<string, string>];
      const latency = new LatencyHistogram();
      const deliveredByDistrict = new Array<number>(this.districts).fill(0);
      for (const [field, value] of Object.entries(counters)) {
        if (field.startsWith('l')) latency.addBucket(Number(field.slice(1)), Number(value));
        else if (field.startsWith('r')) deliveredByDistrict[Number(field.slice(1))] = Number(value);
      }
      let connected = 0;
      let connectedReached = 0;
      for (const [node, value] of Object.entries(online)) {
        if (!alive.has(node)) continue;
        const [t, r] = value.split(',');
        connected += Number(t);
        connectedReached += Number(r);
      }
      out.set(id, {
        delivered: Number(counters.delivered ?? 0),
        confirmed: Number(counters.confirmed ?? 0),
        deliveredByDistrict,
        latency,
        connected,
        connectedReached,
        allDeliveredAtMs: counters.allAt ? Number(counters.allAt) : null,
        connectedReachedAtMs: counters.reachedAt ? Number(counters.reachedAt) : null,
        seeded: counters.seeded === '1',
      });
    });
    return out;
  }

  /** Forgets the connected figures of nodes that are gone (their counted receipts stay). */
  async dropNodes(id: string, nodes: readonly string[]): Promise<void> {
    if (nodes.length) await this.redis.client.hDel(this.onlineKey(id), [...nodes]);
  }

  /** Nodes whose connected figures a broadcast holds. */
  async onlineNodes(id: string): Promise<string[]> {
    return this.redis.client.hKeys(this.onlineKey(id));
  }
}
