import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileLimit, readConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { socketCap } from '../../server/realtime/socketCap.ts';

const decide = (allow: NonNullable<ReturnType<typeof socketCap>>) =>
  new Promise<{ error: string | null | undefined; admitted: boolean }>((resolve) => allow({} as never, (error, admitted) => resolve({ error, admitted })));

describe('socket cap', () => {
  it('admits handshakes below the cap and refuses them at it, saying why', async () => {
    let open = 0;
    const allow = socketCap(2, () => open, createLogger('silent'))!;
    expect(await decide(allow)).toEqual({ error: null, admitted: true });
    open = 2;
    const refused = await decide(allow);
    expect(refused.admitted).toBe(false);
    expect(refused.error).toMatch(/node full/);
    open = 1;
    expect((await decide(allow)).admitted).toBe(true);
  });

  it('is off where the open-file limit is unknown', () => {
    expect(socketCap(null, () => 0, createLogger('silent'))).toBeUndefined();
  });

  it('defaults to the open-file limit less a reserve for the API, and MAX_SOCKETS overrides it', () => {
    const limits = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-limits-')), 'limits');
    writeFileSync(limits, 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                20000                files\n');
    expect(openFileLimit(limits)).toBe(20_000);
    expect(openFileLimit(path.join(limits, 'missing'))).toBeNull();
    const limit = openFileLimit();
    expect(readConfig({}).maxSockets).toBe(limit === null ? null : Math.max(1, limit - 1000));
    expect(readConfig({ MAX_SOCKETS: '500' }).maxSockets).toBe(500);
  });
});
