import { describe, expect, it } from 'vitest';
import type { CrossCase } from '../../common/domain/cases.ts';
import type { AttachmentRepository, StoredAttachment } from '../../server/store/attachmentRepository.ts';
import { CaseConflict, type CaseRepository } from '../../server/store/caseRepository.ts';
import { postgresRunner } from '../../server/store/postgresRunner.ts';
import { SqlAttachmentRepository } from '../../server/store/sqlAttachmentRepository.ts';
import { SqlCaseRepository } from '../../server/store/sqlCaseRepository.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import type { SqlRunner } from '../../server/store/sqlRunner.ts';
import { postgresStore, sqliteStore, type StoreUnderTest, twoConnections } from '../support/contract.ts';

/**
 * The contracts of the 三跨 case store and the photo store, one suite for both stores; `a` and
 * `b` are two connections to one store, as two nodes would hold. The tests of each run in order.
 */
interface Stores {
  cases: CaseRepository;
  attachments: AttachmentRepository;
}

const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);

const aCase = (id: string, openedAtMs: number): CrossCase => ({
  id,
  title: `跨区协调 ${id}`,
  kinds: ['region'],
  eventIds: ['EV000000001', 'EV000000002'],
  departments: ['cityManagement'],
  districtCodes: ['410103', '410105'],
  streetCodes: ['410103001', '410105001'],
  state: 'open',
  openedBy: 'officer',
  openedAtMs,
  closedBy: null,
  closedAtMs: null,
  resolution: null,
  meetings: [],
  version: 1,
});

const aPhoto = (id: string, eventId: string, atMs: number, size: number): StoredAttachment => ({
  id,
  eventId,
  contentType: 'image/jpeg',
  width: 1600,
  height: 1200,
  image: Buffer.alloc(size, id.length),
  thumbnail: Buffer.from(`thumb of ${id}`),
  by: 'dept.cityManagement',
  atMs,
});

function contract(name: string, open: () => Promise<StoreUnderTest<Stores> | null>) {
  describe(`the case and photo stores' contract: ${name}`, () => {
    let store: StoreUnderTest<Stores> | null = null;
    let a: Stores;
    let b: Stores;
    twoConnections(open, (opened) => {
      ({ store, a, b } = opened);
    });

    it('keeps a case as written, and lists every case newest first on every connection', async (ctx) => {
      if (!store) return ctx.skip();
      const older = aCase('CS20261202-AAAAAA', T0);
      const newer = aCase('CS20261202-BBBBBB', T0 + 60_000);
      await a.cases.insert(older);
      await b.cases.insert(newer);
      expect(await b.cases.get(older.id)).toEqual(older);
      expect(await a.cases.get('CS-none')).toBeNull();
      expect((await b.cases.all()).map((c) => c.id)).toEqual([newer.id, older.id]);
      await expect(a.cases.insert(older)).rejects.toThrow();
    });

    it('writes a change over the version it was read at; a writer that lost the race gets CaseConflict and nothing of its change', async (ctx) => {
      if (!store) return ctx.skip();
      const read = (await a.cases.get('CS20261202-AAAAAA'))!;
      const meeting = { ...read, meetings: [{ atMs: T0 + 1, participants: ['城管', '住建'], decisions: '联合处置', recordedBy: 'officer', recordedAtMs: T0 + 2 }], version: read.version + 1 };
      const closing = { ...read, state: 'closed' as const, closedBy: 'officer.erqi', closedAtMs: T0 + 3, resolution: '已办结', version: read.version + 1 };
      const results = await Promise.allSettled([a.cases.update(meeting), b.cases.update(closing)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(CaseConflict);
      const now = (await b.cases.get(read.id))!;
      expect(now.version).toBe(2);
      expect([meeting, closing]).toContainEqual(now);
    });

    it('keeps photos byte for byte, serves the image or its thumbnail with their event, and lists an event’s oldest first without bytes', async (ctx) => {
      if (!store) return ctx.skip();
      const second = aPhoto('AT00000000000002', 'EV000000007', T0 + 10, 40_000);
      const first = aPhoto('AT00000000000001', 'EV000000007', T0, 1_000);
      const elsewhere = aPhoto('AT00000000000003', 'EV000000008', T0 + 5, 10);
      await a.attachments.save(second);
      await b.attachments.save(first);
      await a.attachments.save(elsewhere);
      expect(await b.attachments.get(second.id, 'image')).toEqual({ eventId: 'EV000000007', contentType: 'image/jpeg', bytes: second.image });
      expect(await a.attachments.get(second.id, 'thumbnail')).toEqual({ eventId: 'EV000000007', contentType: 'image/jpeg', bytes: second.thumbnail });
      expect(await a.attachments.get('AT-none', 'image')).toBeNull();
      const { image: _i1, thumbnail: _t1, ...firstInfo } = first;
      const { image: _i2, thumbnail: _t2, ...secondInfo } = second;
      expect(await b.attachments.listOf('EV000000007')).toEqual([
        { ...firstInfo, bytes: first.image.length },
        { ...secondInfo, bytes: second.image.length },
      ]);
      expect(await b.attachments.listOf('EV999999999')).toEqual([]);
    });

    it('refuses the same photo id twice (a phone’s retry is answered from the first), keeping the first', async (ctx) => {
      if (!store) return ctx.skip();
      const again = { ...aPhoto('AT00000000000001', 'EV000000007', T0 + 99, 5), by: 'someone.else' };
      await expect(b.attachments.save(again)).rejects.toThrow();
      expect((await a.attachments.get('AT00000000000001', 'image'))!.bytes.length).toBe(1_000);
    });
  });
}

const both = (sql: SqlRunner): Stores => ({ cases: new SqlCaseRepository(sql), attachments: new SqlAttachmentRepository(sql) });

contract('SQLite', () => sqliteStore((db) => both(sqliteRunner(db))));

contract('PostgreSQL', () => postgresStore((pool) => both(postgresRunner(pool))));
