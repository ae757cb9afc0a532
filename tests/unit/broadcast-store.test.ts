import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { openDatabase } from '../../server/store/sqliteDatabase.ts';
import { SqliteBroadcastRepository } from '../../server/store/sqliteBroadcastRepository.ts';

describe('broadcast receipts in the store', () => {
  it('are not waited for while another node holds the write lock, and are written once it lets go', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-receipts-')), 'city-brain.sqlite');
    const mine = openDatabase(file);
    const otherNode = openDatabase(file);
    const repository = new SqliteBroadcastRepository(mine);
    await repository.save({ id: 'BC000001', sender: 'officer', sentAtMs: 1, content: {}, scope: {}, targeted: 1, state: 'active', confirmWithinMs: 60_000 } as unknown as Broadcast);
    const rows = [{ broadcastId: 'BC000001', worker: 'W000001', deliveredAtMs: 2, confirmedAtMs: null }];

    otherNode.prepare('BEGIN IMMEDIATE').run();
    const started = performance.now();
    expect(await repository.tryWriteDeliveries(rows)).toBe(false);
    // Not the 5 s busy timeout: the event loop must not wait for another process.
    expect(performance.now() - started).toBeLessThan(500);
    otherNode.prepare('COMMIT').run();

    expect(await repository.tryWriteDeliveries(rows)).toBe(true);
    expect(await repository.deliveriesOf('BC000001')).toEqual([{ worker: 'W000001', deliveredAtMs: 2, confirmedAtMs: null }]);
    expect(mine.pragma('busy_timeout', { simple: true })).toBe(5000);
    mine.close();
    otherNode.close();
  });
});
