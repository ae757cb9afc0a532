import type { Pool } from 'pg';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastRepository, DeliveryWrite, StoredDelivery, WorkerReceipt } from './broadcastRepository.ts';
import { type BroadcastRow, broadcastOf, type DeliveryRow, deliveryOf, type ReceiptRow, receiptOf } from './broadcastRows.ts';
import { inTransaction } from './postgresTransaction.ts';

/** How long a receipt batch waits for a row another node holds before it is left for the next try, ms. */
const TRY_LOCK_TIMEOUT_MS = 200;

/** Broadcasts and their per-worker receipts in PostgreSQL; a receipt batch is one statement. */
export class PostgresBroadcastRepository implements BroadcastRepository {
  constructor(private readonly pool: Pool) {}

  async reserveSequence(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT nextval('broadcast_seq') AS n");
    return rows[0]!.n;
  }

  async save(broadcast: Broadcast): Promise<void> {
    await this.pool.query('INSERT INTO broadcasts (id, sent_at, state, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body', [
      broadcast.id,
      broadcast.sentAtMs,
      broadcast.state,
      JSON.stringify(broadcast),
    ]);
  }

  async get(id: string): Promise<Broadcast | null> {
    const { rows } = await this.pool.query<BroadcastRow>('SELECT body FROM broadcasts WHERE id = $1', [id]);
    return rows[0] ? broadcastOf(rows[0]) : null;
  }

  async recent(limit: number): Promise<Broadcast[]> {
    return (await this.pool.query<BroadcastRow>('SELECT body FROM broadcasts ORDER BY sent_at DESC LIMIT $1', [limit])).rows.map(broadcastOf);
  }

  async since(sinceMs: number): Promise<Broadcast[]> {
    return (await this.pool.query<BroadcastRow>('SELECT body FROM broadcasts WHERE sent_at >= $1 ORDER BY sent_at', [sinceMs])).rows.map(broadcastOf);
  }

  async deliveriesOf(broadcastId: string): Promise<StoredDelivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>('SELECT worker, delivered_at, confirmed_at FROM deliveries WHERE broadcast_id = $1', [broadcastId]);
    return rows.map(deliveryOf);
  }

  async receiptsOf(worker: string, broadcastIds: readonly string[]): Promise<WorkerReceipt[]> {
    if (broadcastIds.length === 0) return [];
    const { rows } = await this.pool.query<ReceiptRow>('SELECT broadcast_id, delivered_at, confirmed_at FROM deliveries WHERE worker = $1 AND broadcast_id = ANY($2::text[])', [worker, broadcastIds]);
    return rows.map(receiptOf);
  }

  /** Rows never block each other here the way SQLite's one write lock does; a lock wait past the timeout counts as busy. */
  async tryWriteDeliveries(rows: readonly DeliveryWrite[]): Promise<boolean> {
    try {
      await this.upsert(rows, TRY_LOCK_TIMEOUT_MS);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') return false;
      throw error;
    }
  }

  async writeDeliveries(rows: readonly DeliveryWrite[]): Promise<void> {
    await this.upsert(rows, 0);
  }

  /**
   * One statement for the batch. A worker reported twice in a batch (two nodes, a repeat) is
   * merged first: ON CONFLICT may touch a row only once per statement.
   */
  private async upsert(rows: readonly DeliveryWrite[], lockTimeoutMs: number): Promise<void> {
    if (rows.length === 0) return;
    const merged = new Map<string, DeliveryWrite>();
    for (const r of rows) {
      const key = `${r.broadcastId}\u0000${r.worker}`;
      const known = merged.get(key);
      merged.set(key, known ? { ...known, deliveredAtMs: known.deliveredAtMs ?? r.deliveredAtMs, confirmedAtMs: known.confirmedAtMs ?? r.confirmedAtMs } : r);
    }
    const list = [...merged.values()];
    await inTransaction(this.pool, async (client) => {
      if (lockTimeoutMs > 0) await client.query(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)}`);
      await client.query(
        `INSERT INTO deliveries (broadcast_id, worker, delivered_at, confirmed_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
         ON CONFLICT (broadcast_id, worker) DO UPDATE SET
           delivered_at = COALESCE(deliveries.delivered_at, excluded.delivered_at),
           confirmed_at = COALESCE(deliveries.confirmed_at, excluded.confirmed_at)`,
        [list.map((r) => r.broadcastId), list.map((r) => r.worker), list.map((r) => r.deliveredAtMs), list.map((r) => r.confirmedAtMs)],
      );
    });
  }
}
