import { describe, expect, it } from 'vitest';
import { postgresStore, sqliteStore, type StoreUnderTest as ContractStore, twoConnections } from '../support/contract.ts';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { BroadcastRepository } from '../../server/store/broadcastRepository.ts';
import type { ModeRepository } from '../../server/store/modeRepository.ts';
import { PostgresBroadcastRepository } from '../../server/store/postgresBroadcastRepository.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { SqliteBroadcastRepository } from '../../server/store/sqliteBroadcastRepository.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { SqlModeRepository } from '../../server/store/sqlModeRepository.ts';

/** The broadcast and mode stores' contract, for both stores; two connections play two nodes. */
interface Connection {
  broadcasts: BroadcastRepository;
  modes: ModeRepository;
  close(): Promise<void>;
}
type StoreUnderTest = ContractStore<Connection>;

const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);
const broadcast = (id: string, sentAtMs: number, overrides: Partial<Broadcast> = {}): Broadcast =>
  ({
    id,
    sender: 'officer',
    senderUnit: null,
    sentAtMs,
    content: { title: '防汛', body: '集结', priority: 'urgent', requiresConfirmation: true, exercise: true },
    scope: { city: true, districts: [], streets: [], communities: [], grids: [], roles: [] },
    targeted: 3,
    state: 'active',
    confirmWithinMs: 600_000,
    ...overrides,
  }) as Broadcast;

function contract(name: string, open: () => Promise<StoreUnderTest | null>) {
  describe(`the broadcast and mode store contract: ${name}`, () => {
    let store: StoreUnderTest | null;
    let a: Connection;
    let b: Connection;
    twoConnections(open, (opened) => ({ store, a, b } = opened));

    it('issues broadcast sequence numbers once, whichever node asks', async (ctx) => {
      if (!store) return ctx.skip();
      const numbers = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).broadcasts.reserveSequence()));
      expect(new Set(numbers).size).toBe(30);
      expect(Math.min(...numbers)).toBeGreaterThan(0);
    });

    it('saves, replaces and reads broadcasts: by id, newest first, since a time', async (ctx) => {
      if (!store) return ctx.skip();
      await a.broadcasts.save(broadcast('BC900001', T0));
      await a.broadcasts.save(broadcast('BC900002', T0 + 1000));
      await b.broadcasts.save(broadcast('BC900001', T0, { state: 'cancelled', cancelledAtMs: T0 + 5, cancelledBy: 'officer' }));
      expect(await b.broadcasts.get('BC900001')).toMatchObject({ id: 'BC900001', state: 'cancelled', cancelledBy: 'officer', content: { title: '防汛' } });
      expect(await a.broadcasts.get('BC999999')).toBeNull();
      expect((await b.broadcasts.recent(2)).map((x) => x.id)).toEqual(['BC900002', 'BC900001']);
      expect((await b.broadcasts.since(T0 + 500)).map((x) => x.id)).toEqual(['BC900002']);
    });

    it('keeps one receipt per broadcast and worker, the first delivery and confirmation winning, from any node', async (ctx) => {
      if (!store) return ctx.skip();
      await a.broadcasts.save(broadcast('BC900010', T0));
      expect(await a.broadcasts.tryWriteDeliveries([{ broadcastId: 'BC900010', worker: 'W000001', deliveredAtMs: T0 + 10, confirmedAtMs: null }])).toBe(true);
      // A repeat from another node, later, and a confirmation: the first delivery time stays.
      await b.broadcasts.writeDeliveries([
        { broadcastId: 'BC900010', worker: 'W000001', deliveredAtMs: T0 + 99, confirmedAtMs: null },
        { broadcastId: 'BC900010', worker: 'W000001', deliveredAtMs: null, confirmedAtMs: T0 + 200 },
        { broadcastId: 'BC900010', worker: 'W000002', deliveredAtMs: T0 + 20, confirmedAtMs: null },
      ]);
      await a.broadcasts.writeDeliveries([{ broadcastId: 'BC900010', worker: 'W000001', deliveredAtMs: null, confirmedAtMs: T0 + 300 }]);
      const rows = (await b.broadcasts.deliveriesOf('BC900010')).sort((x, y) => x.worker.localeCompare(y.worker));
      expect(rows).toEqual([
        { worker: 'W000001', deliveredAtMs: T0 + 10, confirmedAtMs: T0 + 200 },
        { worker: 'W000002', deliveredAtMs: T0 + 20, confirmedAtMs: null },
      ]);
      expect(await a.broadcasts.deliveriesOf('BC999999')).toEqual([]);
      // One worker's receipts, for a phone connecting anywhere: only the broadcasts asked about, only those with a row.
      await a.broadcasts.save(broadcast('BC900011', T0));
      expect(await b.broadcasts.receiptsOf('W000001', ['BC900010', 'BC900011', 'BC999999'])).toEqual([{ broadcastId: 'BC900010', deliveredAtMs: T0 + 10, confirmedAtMs: T0 + 200 }]);
      expect(await b.broadcasts.receiptsOf('W000003', ['BC900010'])).toEqual([]);
      expect(await b.broadcasts.receiptsOf('W000001', [])).toEqual([]);
    });

    it('keeps the mode switches, the latest first, for every node', async (ctx) => {
      if (!store) return ctx.skip();
      await a.modes.append({ mode: 'emergency', reason: '暴雨', actor: 'officer', sinceMs: T0 });
      await b.modes.append({ mode: 'routine', reason: '解除', actor: 'officer', sinceMs: T0 + 1000 });
      expect(await a.modes.history(1)).toEqual([{ mode: 'routine', reason: '解除', actor: 'officer', sinceMs: T0 + 1000 }]);
      expect((await b.modes.history(10)).map((m) => m.mode)).toEqual(['routine', 'emergency']);
    });
  });
}

contract('SQLite', () => sqliteStore((db) => ({ broadcasts: new SqliteBroadcastRepository(db), modes: new SqlModeRepository(sqliteRunner(db)), close: async () => {} })));

contract('PostgreSQL', () => postgresStore((pool) => ({ broadcasts: new PostgresBroadcastRepository(pool), modes: new SqlModeRepository(postgresRunner(pool)), close: async () => {} })));
