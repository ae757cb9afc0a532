import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { StoredDelivery, WorkerReceipt } from './broadcastRepository.ts';
import { jsonColumn } from './rowMappers.ts';

/** The broadcasts tables' rows and their mappers, once for both twins (sqliteBroadcastRepository.ts, postgresBroadcastRepository.ts). */

/** A broadcasts row as read: body is TEXT on SQLite, JSONB on PostgreSQL (see jsonColumn). */
export type BroadcastRow = { body: unknown };

export const broadcastOf = (row: BroadcastRow): Broadcast => jsonColumn<Broadcast>(row.body);

/** A deliveries row seen from its broadcast; times in epoch milliseconds, null until it happened. */
export type DeliveryRow = { worker: string; delivered_at: number | null; confirmed_at: number | null };

export const deliveryOf = (r: DeliveryRow): StoredDelivery => ({ worker: r.worker, deliveredAtMs: r.delivered_at, confirmedAtMs: r.confirmed_at });

/** A deliveries row seen from its worker. */
export type ReceiptRow = { broadcast_id: string; delivered_at: number | null; confirmed_at: number | null };

export const receiptOf = (r: ReceiptRow): WorkerReceipt => ({ broadcastId: r.broadcast_id, deliveredAtMs: r.delivered_at, confirmedAtMs: r.confirmed_at });
