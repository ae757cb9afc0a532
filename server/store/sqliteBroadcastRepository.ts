import type Database from 'better-sqlite3';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastRepository, DeliveryWrite, StoredDelivery, WorkerReceipt } from './broadcastRepository.ts';
import { type BroadcastRow, broadcastOf, type DeliveryRow, deliveryOf, type ReceiptRow, receiptOf } from './broadcastRows.ts';

/** Broadcasts and their per-worker receipts, in the embedded database. */
export class SqliteBroadcastRepository implements BroadcastRepository {
  private readonly statements;
  private readonly deliveriesTransaction: Database.Transaction<(rows: readonly DeliveryWrite[]) => void>;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      upsert: db.prepare('INSERT INTO broadcasts (id, sent_at, state, body) VALUES (@id, @sentAt, @state, @body) ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body'),
      all: db.prepare('SELECT body FROM broadcasts ORDER BY sent_at DESC LIMIT ?'),
      one: db.prepare('SELECT body FROM broadcasts WHERE id = ?'),
      since: db.prepare('SELECT body FROM broadcasts WHERE sent_at >= ? ORDER BY sent_at'),
      bumpSequence: db.prepare("UPDATE sequences SET value = value + 1 WHERE name = 'broadcasts' RETURNING value"),
      // A receipt only ever fills in what was missing: the first delivery and confirmation win.
      delivery: db.prepare(
        `INSERT INTO deliveries (broadcast_id, worker, delivered_at, confirmed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (broadcast_id, worker) DO UPDATE SET
           delivered_at = COALESCE(deliveries.delivered_at, excluded.delivered_at),
           confirmed_at = COALESCE(deliveries.confirmed_at, excluded.confirmed_at)`,
      ),
      deliveriesOf: db.prepare('SELECT worker, delivered_at, confirmed_at FROM deliveries WHERE broadcast_id = ?'),
      // The primary key (broadcast_id, worker) answers each pair.
      receiptsOf: db.prepare('SELECT broadcast_id, delivered_at, confirmed_at FROM deliveries WHERE worker = ? AND broadcast_id IN (SELECT value FROM json_each(?))'),
    };
    this.deliveriesTransaction = db.transaction((rows: readonly DeliveryWrite[]) => {
      for (const r of rows) this.statements.delivery.run(r.broadcastId, r.worker, r.deliveredAtMs, r.confirmedAtMs);
    });
  }

  /**
   * Writes receipts unless another process holds the write lock, in which case it returns false
   * at once and the caller keeps them for its next try. Waiting instead (busy_timeout) stops the
   * event loop: with three cluster nodes committing receipts to one file, 50,000 phones' receipts
   * kept a node waiting past the 5 s timeout, and it died of SQLITE_BUSY.
   */
  async tryWriteDeliveries(rows: readonly DeliveryWrite[]): Promise<boolean> {
    const waitMs = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.deliveriesTransaction.immediate(rows);
      return true;
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${waitMs}`);
    }
  }

  /** Writes receipts, waiting for the write lock as long as busy_timeout allows (at shutdown). */
  async writeDeliveries(rows: readonly DeliveryWrite[]): Promise<void> {
    this.deliveriesTransaction.immediate(rows);
  }

  async reserveSequence(): Promise<number> {
    return (this.statements.bumpSequence.get() as { value: number }).value;
  }

  async save(broadcast: Broadcast): Promise<void> {
    this.statements.upsert.run({ id: broadcast.id, sentAt: broadcast.sentAtMs, state: broadcast.state, body: JSON.stringify(broadcast) });
  }

  async get(id: string): Promise<Broadcast | null> {
    const row = this.statements.one.get(id) as BroadcastRow | undefined;
    return row ? broadcastOf(row) : null;
  }

  async recent(limit: number): Promise<Broadcast[]> {
    return (this.statements.all.all(limit) as BroadcastRow[]).map(broadcastOf);
  }

  async since(sinceMs: number): Promise<Broadcast[]> {
    return (this.statements.since.all(sinceMs) as BroadcastRow[]).map(broadcastOf);
  }

  async deliveriesOf(broadcastId: string): Promise<StoredDelivery[]> {
    return (this.statements.deliveriesOf.all(broadcastId) as DeliveryRow[]).map(deliveryOf);
  }

  async receiptsOf(worker: string, broadcastIds: readonly string[]): Promise<WorkerReceipt[]> {
    if (broadcastIds.length === 0) return [];
    return (this.statements.receiptsOf.all(worker, JSON.stringify(broadcastIds)) as ReceiptRow[]).map(receiptOf);
  }
}
