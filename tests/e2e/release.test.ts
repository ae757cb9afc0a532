import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import { freePort } from '../../bench/serverProcess.ts';
import { browserAvailability, countMapFrames, framesDrawn, launchChromium } from '../support/browser.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { createTestRedis } from '../support/redis.ts';
import { call, connectClient } from '../support/server.ts';

/**
 * The release path, as deploy/Dockerfile runs it, on a clean copy of this checkout: deploy/release.sh
 * builds it and makes a production install (`npm ci --omit=dev`); then the accounts CLI and two
 * nodes run from dist/ on plain Node, on PostgreSQL and Redis — both ready, the wall drawn in
 * Chromium, a broadcast sent on one node and received on the other counted once. With the browser
 * tests, after the server-side files: its build and install take both cores for minutes, which
 * would starve the timing of the simulations running beside it.
 */
const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
const { available: browser } = browserAvailability();
const work = mkdtempSync(path.join(os.tmpdir(), 'city-brain-release-'));
const children: ChildProcess[] = [];
/** Stops a node as its service manager would: SIGTERM to its process group (npm, the shell, node). */
const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });
afterAll(async () => {
  await Promise.all(children.map(stopped));
  await redis?.cleanUp();
  await database?.drop();
  rmSync(work, { recursive: true, force: true });
});

const REPO = path.resolve('.');

/** The files a clean clone has (tracked, and new ones not ignored), copied; node_modules shared with this checkout. */
function cleanCopy(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(REPO, file);
    if (!existsSync(from)) continue;
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    cpSync(from, path.join(into, file));
  }
  // The build stage's `npm ci`, already done for this checkout.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(into, 'node_modules'));
}

/** Polls until `check` holds, for at most `timeoutMs`. */
async function until(timeoutMs: number, check: () => Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!database || !redis || !browser)('the release', () => {
  it('builds, installs without dev dependencies, and runs two nodes from dist/ that serve a page and count a broadcast once', { timeout: 900_000 }, async () => {
    const source = path.join(work, 'source');
    const app = path.join(work, 'app');
    cleanCopy(source);
    execFileSync(path.join(source, 'deploy/release.sh'), [app], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'], timeout: 780_000 });

    // What the production install holds: the built server and client, no toolchain.
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((d) => /^(@types\/|vite$|@vitejs\/|tsx$|typescript$|vitest$)/.test(d))).toEqual([]);
    const installed = readdirSync(path.join(app, 'node_modules'));
    for (const toolchain of ['vite', 'tsx', 'typescript', 'vitest']) expect(installed).not.toContain(toolchain);
    expect(existsSync(path.join(app, 'dist/server/server/production.js'))).toBe(true);
    expect(existsSync(path.join(app, 'dist/client/wall/index.html'))).toBe(true);

    const env = {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      DATABASE_URL: database!.url,
      REDIS_URL: redis!.url,
      REDIS_PREFIX: redis!.prefix,
      LOG_LEVEL: 'warn',
    };
    // Production has no demo accounts: the operator makes them with the release's CLI.
    const account = (username: string, args: string[], password: string) =>
      execFileSync('npm', ['run', '--silent', 'accounts', '--', 'add', username, ...args, '--password-stdin'], { cwd: app, env, input: `${password}\n`, encoding: 'utf8' });
    expect(account('duty-officer', ['--role', 'officer'], 'Release-Officer-2026')).toContain('added duty-officer');
    account('wall-screen', ['--role', 'wall'], 'Release-Wall-2026');
    account('W006090', ['--role', 'worker', '--unit', 'W006090'], 'Release-Worker-2026');

    const urls: string[] = [];
    for (const index of [0, 1]) {
      const port = await freePort();
      const child = spawn('npm', ['run', 'start:prod'], {
        cwd: app,
        env: { ...env, PORT: String(port), DATA_DIR: path.join(work, `data-${index}`) },
        stdio: ['ignore', 'ignore', 'inherit'],
        detached: true,
      });
      children.push(child);
      urls.push(`http://127.0.0.1:${port}`);
    }
    for (const url of urls) await until(120_000, async () => (await fetch(`${url}/api/ready`)).status === 200, `${url}/api/ready`);
    const [a, b] = urls as [string, string];

    // A page drawn: the wall signs in on node A and its map draws frames.
    const chromium = await launchChromium();
    try {
      const page = await chromium.newPage({ viewport: { width: 1600, height: 900 } });
      await countMapFrames(page);
      await page.goto(`${a}/wall`);
      await page.fill('input[name=username]', 'wall-screen');
      await page.fill('input[name=password]', 'Release-Wall-2026');
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-kpi="total"]', { timeout: 120_000 });
      await until(120_000, async () => (await framesDrawn(page)) > 0, 'the wall’s map drawn');
    } finally {
      await chromium.close();
    }

    // A broadcast sent on A reaches the phone on B, and its receipt is counted once on both.
    const officer = (await call(a, 'POST', '/api/auth/login', null, { username: 'duty-officer', password: 'Release-Officer-2026' })).body.token as string;
    const workerToken = (await call(b, 'POST', '/api/auth/login', null, { username: 'W006090', password: 'Release-Worker-2026' })).body.token as string;
    const phone: Socket = await connectClient(b, 'worker', workerToken);
    try {
      const arrived = new Promise<WorkerBroadcast>((resolve) => phone.once('broadcast:new', resolve));
      const sent = await call(a, 'POST', '/api/broadcasts', officer, {
        content: { title: '发布检验', body: '两个节点', priority: 'urgent', requiresConfirmation: true },
        scope: { streets: ['410103001'] },
      });
      expect(sent.status).toBe(201);
      const { id } = await arrived;
      expect(id).toBe(sent.body.id);
      expect(await phone.timeout(10_000).emitWithAck('broadcast:delivered', id)).toEqual({ ok: true });
      expect(await phone.timeout(10_000).emitWithAck('broadcast:delivered', id)).toEqual({ ok: true });
      const progressOn = async (url: string) => (await call(url, 'GET', `/api/broadcasts/${id}`, officer)).body.progress as { delivered: number };
      await until(10_000, async () => (await progressOn(a)).delivered === 1 && (await progressOn(b)).delivered === 1, 'the receipt counted on both nodes');
      expect((await progressOn(a)).delivered).toBe(1);
    } finally {
      phone.disconnect();
    }

    // The release's backup, on the nodes' PostgreSQL while they run.
    const dump = path.join(work, 'release.dump');
    expect(execFileSync('npm', ['run', '--silent', 'backup', '--', '--out', dump], { cwd: app, env, encoding: 'utf8' })).toMatch(/backed up the PostgreSQL store into/);
    expect(readFileSync(dump).subarray(0, 5).toString()).toBe('PGDMP');
  });
});
