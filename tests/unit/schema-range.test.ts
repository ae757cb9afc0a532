import { describe, expect, it } from 'vitest';
import { oldestReaders, schemaRefusal } from '../../server/store/schemaRange.ts';

describe('the schema range a node serves', () => {
  it('an expansion keeps the oldest reader, a contraction raises it', () => {
    expect(oldestReaders([{ sql: 'a' }, { sql: 'b' }, { sql: 'c', oldestReader: 3 }, { sql: 'd' }])).toEqual([0, 0, 3, 3]);
  });

  it('serves its own schema and a newer one that admits it; refuses an older one and one contracted past it', () => {
    expect(schemaRefusal({ version: 7, oldestReader: 7 }, 7)).toBeNull();
    expect(schemaRefusal({ version: 9, oldestReader: 7 }, 7)).toBeNull();
    expect(schemaRefusal({ version: 9, oldestReader: 8 }, 7)).toMatch(/schema 9 needs code that knows schema 8 or newer; this node knows 7/);
    expect(schemaRefusal({ version: 6, oldestReader: 0 }, 7)).toMatch(/schema 6 is older than this code's 7/);
  });
});
