import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../../common/socketCatalogue.ts';
import { PendingConfirmations } from '../../client/realtime/pendingConfirmations.ts';

const kept = () => {
  const map = new Map<string, string>();
  return { getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value) };
};
const item = (id: string, over: Partial<InboxItem> = {}) => ({ id, delivered: true, confirmed: false, cancelled: false, ...over }) as InboxItem;

describe("a phone's confirmations until the server's inbox shows them", () => {
  it('sends again, and shows confirmed, what the inbox does not show yet; forgets what it shows or no longer holds', () => {
    const state = kept();
    const pending = new PendingConfirmations(state, () => 'W000001');
    for (const id of ['BC1', 'BC2', 'BC3', 'BC4']) pending.add(id);
    pending.add('BC1');
    expect(pending.ids()).toEqual(['BC1', 'BC2', 'BC3', 'BC4']);
    const { items, resend } = pending.reconcile([item('BC1'), item('BC2', { confirmed: true }), item('BC4', { cancelled: true }), item('BC5')]);
    expect(resend).toEqual(['BC1']);
    expect(items.map((i) => [i.id, i.confirmed])).toEqual([
      ['BC1', true],
      ['BC2', true],
      ['BC4', false],
      ['BC5', false],
    ]);
    // Kept across a reload of the page, until the inbox shows it.
    expect(new PendingConfirmations(state, () => 'W000001').ids()).toEqual(['BC1']);
    expect(new PendingConfirmations(state, () => 'W000001').reconcile([item('BC1', { confirmed: true })]).resend).toEqual([]);
    expect(new PendingConfirmations(state, () => 'W000001').ids()).toEqual([]);
  });

  it("keeps each worker's apart, and nothing without a worker signed in or storage", () => {
    const state = kept();
    let worker: string | null = 'W000001';
    const pending = new PendingConfirmations(state, () => worker);
    pending.add('BC1');
    worker = 'W000002';
    expect(pending.ids()).toEqual([]);
    expect(pending.reconcile([item('BC1')]).resend).toEqual([]);
    worker = null;
    pending.add('BC9');
    expect(pending.ids()).toEqual([]);
    worker = 'W000001';
    expect(pending.ids()).toEqual(['BC1']);
    const none = new PendingConfirmations(undefined, () => 'W000001');
    none.add('BC1');
    expect(none.ids()).toEqual([]);
    state.setItem('pendingConfirmations:W000003', '{not json');
    expect(new PendingConfirmations(state, () => 'W000003').ids()).toEqual([]);
  });
});
