import { describe, expect, it } from 'vitest';
import { SequenceBlock } from '../../server/events/sequenceBlock.ts';

describe('sequence blocks', () => {
  it('ask the store once per block, hand numbers out in order, and never twice', async () => {
    let next = 1;
    const asked: number[] = [];
    // A store that answers two concurrent reservations out of order, as PostgreSQL may.
    const store = {
      reserveSequences: async (count: number) => {
        asked.push(count);
        const numbers = Array.from({ length: count }, () => next++);
        await new Promise((r) => setTimeout(r, asked.length % 2 ? 10 : 0));
        return numbers.reverse();
      },
    };
    const block = new SequenceBlock(store, 5);
    const taken = (await Promise.all([block.take(3), block.take(3), block.take(1)])).flat();
    expect(new Set(taken).size).toBe(7);
    expect((await block.take(2)).every((n) => n > 0)).toBe(true);
    // Within one call, in order.
    const batch = await block.take(4);
    expect(batch).toEqual([...batch].sort((a, b) => a - b));
    expect(asked.every((count) => count >= 5)).toBe(true);
    expect(asked.length).toBeLessThan(7);
  });
});
