import { describe, expect, it } from 'vitest';
import type { ModeState } from '../../common/domain/modes.ts';
import type { ModeRepository } from '../../server/store/modeRepository.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { SqlModeRepository } from '../../server/store/sqlModeRepository.ts';
import { postgresStore, sqliteStore, type StoreUnderTest, twoConnections } from '../support/contract.ts';

/** The operating-mode log's contract, one suite for both stores: switches kept as written, the latest first, from any connection. */
const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);

const SWITCHES: ModeState[] = [
  { mode: 'emergency', sinceMs: T0, actor: 'officer', reason: '暴雨红色预警' },
  { mode: 'majorEvent', sinceMs: T0 + 60_000, actor: 'officer.erqi', reason: '马拉松 "郑开" 保障' },
  { mode: 'routine', sinceMs: T0 + 120_000, actor: 'officer', reason: '预警解除' },
];

function contract(name: string, open: () => Promise<StoreUnderTest<ModeRepository> | null>) {
  describe(`the mode store contract: ${name}`, () => {
    let store: StoreUnderTest<ModeRepository> | null = null;
    let a: ModeRepository;
    let b: ModeRepository;
    twoConnections(open, (opened) => {
      ({ store, a, b } = opened);
    });

    it('keeps every switch as written; the latest first, limited, on every connection', async (ctx) => {
      if (!store) return ctx.skip();
      expect(await a.history(10)).toEqual([]);
      await a.append(SWITCHES[0]!);
      await b.append(SWITCHES[1]!);
      await a.append(SWITCHES[2]!);
      expect(await b.history(10)).toEqual([...SWITCHES].reverse());
      expect(await a.history(1)).toEqual([SWITCHES[2]]);
      const again = await store.connect();
      expect(await again.history(2)).toEqual([SWITCHES[2], SWITCHES[1]]);
    });
  });
}

contract('SQLite', () => sqliteStore((db) => new SqlModeRepository(sqliteRunner(db))));

contract('PostgreSQL', () => postgresStore((pool) => new SqlModeRepository(postgresRunner(pool))));
