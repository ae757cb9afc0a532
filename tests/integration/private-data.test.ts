import { chmodSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * DATA_DIR holds the SQLite file (accounts' hashes, reporters' contacts, photos as blobs) and the
 * token-signing secret: the directory 0700, its files 0600, whatever the umask — here the most
 * permissive one, 000, under which a file is created as its creator asks (0644 by default).
 */
const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);
let umask: number | null = null;
beforeEach(() => void (umask = process.umask(0)));
afterEach(() => void (umask !== null && process.umask(umask)));

it('creates the data directory 0700 and the database, its -wal and -shm and the secret 0600, photos included', async () => {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'city-brain-private-')), 'data', 'nested');
  const databaseFile = path.join(dataDir, 'city-brain.sqlite');
  const server = await startTestServer({ dataDir, databaseFile, authSecret: undefined });
  try {
    // A photo goes into the database file (and first its write-ahead log).
    const officer = await login(server.url, 'officer');
    const event = await call(server.url, 'POST', '/api/events', officer, { channel: 'police110', category: 'garbage', description: '垃圾堆放', location: { lng: 113.66, lat: 34.75 } });
    expect(event.status).toBe(201);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'p.png');
    const upload = await fetch(`${server.url}/api/events/${event.body.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${officer}` }, body: form });
    expect(upload.status).toBe(201);
    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(path.dirname(dataDir))).toBe('700');
    for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`, path.join(dataDir, 'auth-secret')]) {
      expect(existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe('600');
    }
  } finally {
    await server.stop();
  }
});

it('tightens a data directory an earlier version left readable to every local user', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-loose-'));
  chmodSync(dataDir, 0o755);
  const databaseFile = path.join(dataDir, 'city-brain.sqlite');
  const first = await startTestServer({ dataDir, databaseFile, authSecret: undefined, demo: false });
  await first.stop();
  for (const file of [databaseFile, path.join(dataDir, 'auth-secret')]) chmodSync(file, 0o644);
  chmodSync(dataDir, 0o755);
  const again = await startTestServer({ dataDir, databaseFile, authSecret: undefined, demo: false });
  try {
    expect(modeOf(dataDir)).toBe('700');
    for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`, path.join(dataDir, 'auth-secret')]) expect(modeOf(file), file).toBe('600');
  } finally {
    await again.stop();
  }
});
