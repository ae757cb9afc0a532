import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { startServerProcess } from '../../bench/serverProcess.ts';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer, stubClientDir } from '../support/server.ts';

/**
 * `npm run backup` while the server takes reports, and `npm run restore` into an empty store, on
 * both stores: what the server had answered before the backup began — events with their
 * histories, a photo, a broadcast's receipts, an account made with the CLI, a worker's track — is
 * all in the restored store, served by a server started on it.
 */
const [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

const runCli = promisify(execFile);
/** One of the project's CLIs in its own process, as `npm run …` runs it. */
const cli = (script: string, args: string[], env: Record<string, string>, input?: string) => {
  const child = runCli(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { env: { ...process.env, ...env } });
  if (input !== undefined) child.child.stdin!.end(input);
  return child;
};

const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `city-brain-${name}-`));

async function scenario(store: 'sqlite' | 'postgres', from: TestDatabase | null, into: TestDatabase | null): Promise<void> {
  const sourceEnv: Record<string, string> = from ? { DATABASE_URL: from.url } : { DATA_DIR: tempDir('backup-source') };
  const targetEnv: Record<string, string> = into ? { DATABASE_URL: into.url } : { DATA_DIR: tempDir('backup-target') };
  const server = await startServerProcess({ ...sourceEnv, CLIENT_DIR: stubClientDir(), RECEIPT_COMMIT_MS: '100' });
  let restored: RunningServer | null = null;
  const sockets: Socket[] = [];
  try {
    const [integration, officer, department] = (await Promise.all(['integration', 'officer', 'dept.cityManagement'].map((name) => login(server.url, name)))) as [string, string, string];
    // An event with its history (pavement is dispatched at intake) and a photo.
    const event = await call(server.url, 'POST', '/api/events', integration, report({ category: 'pavementDamage', externalId: `backup-${store}` }));
    expect(event.status).toBe(201);
    const form = new FormData();
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c84' } })
      .jpeg()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'pothole.jpg');
    const upload = await fetch(`${server.url}/api/events/${event.body.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${department}` }, body: form });
    expect(upload.status).toBe(201);
    const attachmentUrl = ((await upload.json()) as { url: string }).url;
    // A broadcast delivered and confirmed; a position on the worker's track.
    const worker: Socket = await connectClient(server.url, 'worker', await login(server.url, 'W006090'));
    sockets.push(worker);
    const arrived = new Promise<WorkerBroadcast>((resolve) => worker.once('broadcast:new', resolve));
    const sent = await call(server.url, 'POST', '/api/broadcasts', officer, {
      content: { title: '备份演练', body: '恢复后仍在', priority: 'urgent', requiresConfirmation: true },
      scope: { streets: ['410103001'] },
    });
    const { id: broadcastId } = await arrived;
    expect(await worker.timeout(5000).emitWithAck('broadcast:delivered', broadcastId)).toEqual({ ok: true });
    expect(await worker.timeout(5000).emitWithAck('broadcast:confirm', broadcastId)).toEqual({ ok: true });
    expect(await worker.timeout(5000).emitWithAck('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const fixAtMs = Date.now() - 1000;
    expect(await worker.timeout(10_000).emitWithAck('position:update', { lng: 113.6612, lat: 34.7466, atMs: fixAtMs, accuracyM: 8 })).toEqual({ ok: true });
    // An account made with the CLI.
    await cli('accounts', ['add', 'backup.officer', '--role', 'officer', '--password-stdin'], sourceEnv, 'Backup-Officer-2026\n');

    // Reports keep coming while the backup is taken: all those answered before it began must be in it.
    const answeredBefore: string[] = [];
    let backupStarted = false;
    let intakeOn = true;
    const intake = (async () => {
      for (let n = 0; intakeOn; n++) {
        const res = await call(server.url, 'POST', '/api/events', integration, report({ externalId: `during-${store}-${n}` }));
        expect(res.status).toBe(201);
        if (!backupStarted) answeredBefore.push(res.body.id);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const backupFile = path.join(tempDir('backup-file'), `city-brain.${store === 'sqlite' ? 'sqlite' : 'dump'}`);
    backupStarted = true;
    const made = await cli('backup', ['backup', '--out', backupFile], sourceEnv);
    intakeOn = false;
    await intake;
    expect(made.stdout).toMatch(new RegExp(`backed up the ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'} store into`));
    expect(answeredBefore.length).toBeGreaterThan(3);
    // Never over an existing file.
    await expect(cli('backup', ['backup', '--out', backupFile], sourceEnv)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('never overwrites') });

    const back = await cli('backup', ['restore', backupFile], targetEnv);
    expect(back.stdout).toMatch(/restored into the/);
    // A second restore would overwrite a store: refused.
    await expect(cli('backup', ['restore', backupFile], targetEnv)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/already holds/) });

    restored = await startTestServer(into ? { databaseUrl: into.url } : { dataDir: targetEnv.DATA_DIR!, databaseFile: path.join(targetEnv.DATA_DIR!, 'city-brain.sqlite') });
    const token = await login(restored.url, 'officer');
    const again = await call(restored.url, 'GET', `/api/events/${event.body.id}`, token);
    expect(again.body.event).toMatchObject({ id: event.body.id, state: 'dispatched' });
    expect(again.body.history.map((t: { to: string }) => t.to)).toEqual(expect.arrayContaining(['reported', 'dispatched']));
    expect(again.body.attachments).toHaveLength(1);
    const image = await fetch(`${restored.url}${attachmentUrl}`, { headers: { authorization: `Bearer ${token}` } });
    expect(image.status).toBe(200);
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe(640);
    expect((await call(restored.url, 'GET', `/api/broadcasts/${sent.body.id}`, token)).body.progress).toMatchObject({ delivered: 1, confirmed: 1 });
    expect((await call(restored.url, 'POST', '/api/auth/login', null, { username: 'backup.officer', password: 'Backup-Officer-2026' })).status).toBe(200);
    const day = new Date(fixAtMs + 8 * 3_600_000).toISOString().slice(0, 10);
    const track = await call(restored.url, 'GET', `/api/workers/W006090/track?date=${day}`, token);
    expect(track.body.points).toEqual([expect.objectContaining({ lng: 113.6612, lat: 34.7466 })]);
    for (const id of answeredBefore) expect((await call(restored.url, 'GET', `/api/events/${id}`, token)).status, id).toBe(200);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await restored?.stop();
    await server.stop();
  }
}

describe('backups', () => {
  it('SQLite: an online backup during intake, restored into an empty data directory, holds everything answered before it', { timeout: 120_000 }, () => scenario('sqlite', null, null));

  it.skipIf(!source || !target)('PostgreSQL: pg_dump during intake, restored into an empty database, holds everything answered before it', { timeout: 120_000 }, () =>
    scenario('postgres', source, target),
  );
});
