import { describe, expect, it } from 'vitest';
import { CompactMultimap } from '../../server/collections/compactMultimap.ts';

describe('a compact multimap', () => {
  it('holds one value or many per key, says how many remain, and forgets an emptied key', () => {
    const map = new CompactMultimap<number, string>();
    expect(map.add(1, 'a')).toBe(1);
    expect(map.add(1, 'a')).toBe(1);
    expect(map.add(1, 'b')).toBe(2);
    expect(map.add(1, 'b')).toBe(2);
    expect(map.add(2, 'c')).toBe(1);
    expect(map.get(1)).toEqual(['a', 'b']);
    expect([...map.groups()]).toEqual([
      [1, ['a', 'b']],
      [2, ['c']],
    ]);
    expect(map.delete(1, 'x')).toBe(-1);
    expect(map.delete(3, 'a')).toBe(-1);
    expect(map.delete(1, 'a')).toBe(1);
    expect(map.get(1)).toEqual(['b']);
    expect(map.add(1, 'd')).toBe(2);
    expect(map.delete(1, 'b')).toBe(1);
    expect(map.delete(1, 'b')).toBe(-1);
    expect(map.delete(1, 'd')).toBe(0);
    expect(map.has(1)).toBe(false);
    expect(map.get(1)).toEqual([]);
    expect([...map.keys()]).toEqual([2]);
  });
});
