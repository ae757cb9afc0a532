import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventReport } from '../../common/domain/eventRecords.ts';
import { isStorableText, storableText, unstorablePathOf } from '../../common/domain/text.ts';

describe('text every store can keep', () => {
  it.each([
    ['plain Chinese', '人行道地砖破损', true],
    ['a 4-byte character (a surrogate pair)', '𠀀😀', true],
    ['bidi controls', '\u202e\u2066abc\u2069', true],
    ['combining marks', 'e\u0301\u0301', true],
    ['line breaks and tabs', 'a\n\tb', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate at the end', '积水\ud800', false],
    ['a lone low surrogate at the start', '\udc00积水', false],
    ['a pair reversed', '\ude00\ud83d', false],
  ])('%s: %s', (_what, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
    expect(storableText(100).safeParse(text).success).toBe(storable);
  });

  it('names the field of a report that holds it', () => {
    const parsed = EventReport.safeParse({ channel: 'hotline12345', category: 'pavementDamage', description: '破损', location: { lng: 113.6, lat: 34.7 }, reporter: { name: 'a\u0000' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['reporter', 'name']);
  });

  it('finds it anywhere in a parsed body, keys included', () => {
    expect(unstorablePathOf({ a: [{ b: 'ok' }, { c: 'x\ud800' }] })).toBe('a.1.c');
    expect(unstorablePathOf({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(unstorablePathOf('\u0000')).toBe('body');
    expect(unstorablePathOf({ a: 1, b: [null, true, '好'] })).toBeNull();
  });
});

/** Files whose bare strings are not input from outside: configuration from the environment, and schemas of what the server itself sends (the API's answers). */
const NOT_INPUT = new Set(['common/domain/text.ts', 'server/config.ts', 'common/domain/workers.ts', 'common/domain/geo.ts']);
const ANSWERS = `server${path.sep}http${path.sep}answers${path.sep}`;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('one text schema at every door', () => {
  it('no input schema takes a bare string: free text goes through storableText or storableKey, codes through a pattern', () => {
    const bare: string[] = [];
    for (const file of [...sourcesUnder('common'), ...sourcesUnder('server')]) {
      if (NOT_INPUT.has(file) || file.startsWith(ANSWERS)) continue;
      const source = readFileSync(file, 'utf8');
      // `z.string(…)` and its chain of calls (over several lines too): a string checked against a
      // pattern (a code, an id, a date) cannot hold NUL or a lone surrogate.
      for (const chain of source.matchAll(/z\s*\.string\([^)]*\)(?:\s*\.\w+\((?:[^()]|\([^()]*\))*\))*/g)) {
        if (!chain[0].includes('.regex(')) bare.push(`${file}:${source.slice(0, chain.index).split('\n').length}: ${chain[0].replace(/\s+/g, ' ')}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
