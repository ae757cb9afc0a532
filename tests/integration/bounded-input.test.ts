import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/index.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

let server: RunningServer;
let integration: string;
let district: string;
beforeAll(async () => {
  server = await startTestServer();
  integration = await login(server.url, 'integration');
  district = await login(server.url, 'officer.erqi');
});
afterAll(() => server?.stop());

const count = async () => (await call(server.url, 'GET', '/api/events?limit=500', integration)).body.events.length;

describe('bounded input', () => {
  it('refuses a report from the far future or the distant past, naming the field, and stores nothing', async () => {
    const before = await count();
    for (const reportedAtMs of [8.64e15 + 1, Date.now() + 3_600_000, Date.now() - 400 * 86_400_000]) {
      const res = await call(server.url, 'POST', '/api/events', integration, { ...report(), reportedAtMs });
      expect(res.status, String(reportedAtMs)).toBe(400);
      expect(res.body.fields).toEqual(['reportedAtMs']);
    }
    expect((await call(server.url, 'POST', '/api/events', integration, { ...report(), reportedAtMs: Date.now() - 60_000 })).status).toBe(201);
    expect(await count()).toBe(before + 1);
    // The Open311 list answers after all of it.
    expect((await fetch(`${server.url}/open311/v2/requests.json?api_key=${integration}`)).status).toBe(200);
  });

  it('takes only http(s) media links', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd']) {
      const res = await call(server.url, 'POST', '/api/events', integration, { ...report(), mediaUrls: [url] });
      expect(res.status, url).toBe(400);
      expect(res.body.fields).toEqual(['mediaUrls.0']);
    }
    const open311 = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: integration, service_code: 'pavementDamage', lat: '34.75', long: '113.65', description: '地砖', media_url: 'javascript:alert(1)' }),
    });
    expect(open311.status).toBe(400);
  });

  it('answers a district officer’s preview of 5,000 copies of one grid at once, and refuses more codes than a scope may name', async () => {
    const grid = (await call(server.url, 'GET', '/api/geo/units?parent=410103001001', district)).body.units[0].code as string;
    const res = await call(server.url, 'POST', '/api/broadcasts/preview', district, { scope: { grids: Array(5000).fill(grid) } });
    expect(res.status).toBe(200);
    expect(res.body.targeted).toBeGreaterThan(0);
    const tooMany = await call(server.url, 'POST', '/api/broadcasts/preview', district, { scope: { grids: Array.from({ length: 5001 }, (_, i) => `g${i}`) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields).toEqual(['scope.grids']);
  });

  it('answers an oversized body with 413, said as what it is', async () => {
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${integration}` },
      body: JSON.stringify({ description: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than this endpoint takes/);
  });
});

describe('a body in an encoding not taken, or that does not decompress', () => {
  it('answers 415 for an unknown Content-Encoding and 400 for a gzip body that is not gzip, logging no stack', async () => {
    const lines: string[] = [];
    const logged = await startServer(
      testConfig({ clientDir: mkdtempSync(path.join(os.tmpdir(), 'city-brain-no-client-')) }),
      pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    );
    try {
      const token = await login(logged.url, 'integration');
      const post = (encoding: string, body: Uint8Array<ArrayBuffer> | string) =>
        fetch(`${logged.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${token}` }, body });
      const json = JSON.stringify(report({ externalId: 'encoded-1' }));

      const bogus = await post('bogus', json);
      expect(bogus.status).toBe(415);
      expect(await bogus.json()).toEqual({ error: 'Content-Encoding "bogus" is not taken: send the body as it is, or as gzip, deflate or br' });
      const notGzip = await post('gzip', json);
      expect(notGzip.status).toBe(400);
      expect((await notGzip.json()).error).toMatch(/^body: does not decompress as Content-Encoding "gzip" \(.+\)$/);
      const truncated = await post('gzip', new Uint8Array(gzipSync(json).subarray(0, 30)));
      expect(truncated.status).toBe(400);
      // What does decompress is taken.
      expect((await post('gzip', new Uint8Array(gzipSync(json)))).status).toBe(201);

      const refusals = lines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: unknown }).filter((r) => /Content-Encoding|refused|failed/.test(r.msg));
      expect(refusals.map((r) => r.msg)).toEqual(['request body in a Content-Encoding not taken', 'request refused', 'request refused']);
      expect(refusals.every((r) => r.level === 40 && r.err === undefined)).toBe(true);
      expect(lines.join('\n')).not.toMatch(/internal error|\n\s+at /);
    } finally {
      await logged.stop();
    }
  });
});
