import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { stubClientDir } from '../support/server.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Processes whose command line names this server's address: the simulated city and its phones. */
const processesFor = (url: string) =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(url) && !line.includes('ps -eo'));

async function until(test: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

it('SIGTERM to `npm start` stops the server and the simulated city it started', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const npm = spawn('npm', ['start'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'city-brain-start-')),
      CLIENT_DIR: stubClientDir(),
      LOG_LEVEL: 'warn',
      DEMO: '1',
      SIMULATE: '1',
      SIMULATED_WORKERS: '20',
    },
    stdio: 'ignore',
    // Its own process group, so that whatever happens the test can clean up all it started.
    detached: true,
  });
  try {
    // The simulated city is up once it is posting events.
    expect(await until(() => processesFor(url).length > 0, 60_000)).toBe(true);
    // With as many phones as SIMULATED_WORKERS asks.
    expect(processesFor(url).join('\n')).toContain('--workers 20');
    // It tells the server its clock (POST /api/clock is served with the simulated city), and the city's time follows it.
    const { token } = (await (
      await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wall', password: 'wall-demo' }) })
    ).json()) as { token: string };
    const simulated = async () => ((await (await fetch(`${url}/api/clock`, { headers: { authorization: `Bearer ${token}` } })).json()) as { clock: { simulated: boolean } }).clock.simulated;
    expect(await until(simulated, 60_000)).toBe(true);
    npm.kill('SIGTERM');
    expect(await until(() => processesFor(url).length === 0, 20_000), processesFor(url).join('\n')).toBe(true);
    expect(
      await fetch(`${url}/api/health`).then(
        () => 'answering',
        () => 'closed',
      ),
    ).toBe('closed');
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // The group is gone already: nothing left to clean up.
    }
  }
}, 120_000);
