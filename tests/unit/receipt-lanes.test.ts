import { describe, expect, it, vi } from 'vitest';
import { ReceiptLanes } from '../../server/broadcasts/receiptLanes.ts';
import type { BroadcastRepository, DeliveryWrite } from '../../server/store/broadcastRepository.ts';

/** A store whose writes are held until the test lets them go, so the order of commits can be seen. */
function heldStore() {
  const writes: { rows: readonly DeliveryWrite[]; release: () => void; done: boolean }[] = [];
  const committed: DeliveryWrite[] = [];
  const write = (rows: readonly DeliveryWrite[]) =>
    new Promise<boolean>((resolve) => {
      const entry = {
        rows,
        done: false,
        release: () => {
          entry.done = true;
          committed.push(...rows);
          resolve(true);
        },
      };
      writes.push(entry);
    });
  const repository = { tryWriteDeliveries: write, writeDeliveries: async (rows: readonly DeliveryWrite[]) => void (await write(rows)) } as unknown as BroadcastRepository;
  return { repository, writes, committed };
}

const delivered = (worker: string, atMs = 1): DeliveryWrite => ({ broadcastId: 'B1', worker, deliveredAtMs: atMs, confirmedAtMs: null });
const confirmation = (worker: string, atMs = 2): DeliveryWrite => ({ broadcastId: 'B1', worker, deliveredAtMs: null, confirmedAtMs: atMs });

describe('receipt lanes', () => {
  it('commits a delivery while a batch of confirmations is still being written', async () => {
    const store = heldStore();
    const counted: DeliveryWrite[] = [];
    const lanes = new ReceiptLanes({ repository: store.repository, commitEveryMs: 1, onError: (e) => expect.fail(String(e)), afterCommit: async (rows) => void counted.push(...rows) });

    lanes.enqueue(confirmation('W1'));
    await vi.waitFor(() => expect(store.writes).toHaveLength(1));
    expect(store.writes[0]!.rows).toEqual([confirmation('W1')]);

    // The confirmations' write is held; a delivery behind it goes through its own lane.
    const lane = lanes.enqueue(delivered('W2'));
    let deliveryCommitted = false;
    void lane.settled().then(() => (deliveryCommitted = true));
    await vi.waitFor(() => expect(store.writes).toHaveLength(2));
    expect(store.writes[1]!.rows).toEqual([delivered('W2')]);
    store.writes[1]!.release();
    await vi.waitFor(() => expect(deliveryCommitted).toBe(true));
    expect(counted).toEqual([delivered('W2')]);
    expect(store.writes[0]!.done).toBe(false);
    expect(lanes.pending).toBe(1);

    store.writes[0]!.release();
    await lanes.settled();
    expect(counted).toEqual([delivered('W2'), confirmation('W1')]);
    expect(lanes.pending).toBe(0);
  });

  it('writes a confirmation only once the deliveries queued before it are committed', async () => {
    const store = heldStore();
    const lanes = new ReceiptLanes({ repository: store.repository, commitEveryMs: 1, onError: (e) => expect.fail(String(e)) });

    lanes.enqueue(delivered('W1'));
    await vi.waitFor(() => expect(store.writes).toHaveLength(1));
    lanes.enqueue(confirmation('W1'));
    // Several commit periods pass: the confirmation waits for its worker's delivery.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.writes).toHaveLength(1);

    store.writes[0]!.release();
    await vi.waitFor(() => expect(store.writes).toHaveLength(2));
    expect(store.writes[1]!.rows).toEqual([confirmation('W1')]);
    store.writes[1]!.release();
    await lanes.settled();
    expect(store.committed).toEqual([delivered('W1'), confirmation('W1')]);
  });

  it('at shutdown commits every lane, deliveries first', async () => {
    const store = heldStore();
    const lanes = new ReceiptLanes({ repository: store.repository, commitEveryMs: 60_000, onError: (e) => expect.fail(String(e)) });
    lanes.enqueue(confirmation('W1'));
    lanes.enqueue(delivered('W2'));
    lanes.enqueue(delivered('W3', 5));
    expect(lanes.pending).toBe(3);

    const flushed = lanes.flushAll();
    await vi.waitFor(() => expect(store.writes).toHaveLength(1));
    expect(store.writes[0]!.rows).toEqual([delivered('W2'), delivered('W3', 5)]);
    store.writes[0]!.release();
    await vi.waitFor(() => expect(store.writes).toHaveLength(2));
    store.writes[1]!.release();
    await flushed;
    expect(store.committed).toEqual([delivered('W2'), delivered('W3', 5), confirmation('W1')]);
    expect(lanes.pending).toBe(0);
  });

  it('commits confirmations ten times less often than deliveries', async () => {
    vi.useFakeTimers();
    try {
      const store = heldStore();
      const lanes = new ReceiptLanes({ repository: store.repository, commitEveryMs: 100, onError: (e) => expect.fail(String(e)) });
      lanes.enqueue(delivered('W1'));
      lanes.enqueue(confirmation('W2'));
      await vi.advanceTimersByTimeAsync(100);
      expect(store.writes.map((w) => w.rows)).toEqual([[delivered('W1')]]);
      store.writes[0]!.release();
      await vi.advanceTimersByTimeAsync(800);
      expect(store.writes).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(store.writes.map((w) => w.rows)).toEqual([[delivered('W1')], [confirmation('W2')]]);
      store.writes[1]!.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(lanes.pending).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
