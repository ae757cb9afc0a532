import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server in its own process on a free loopback port, as `npm start` runs it, without
 * the simulator; with `nodes` > 1, as `npm run start:cluster` runs it (node i on port + i; `env`
 * then names DATABASE_URL and REDIS_URL).
 */
export async function startServerProcess(env: Record<string, string>, nodes = 1): Promise<{ url: string; urls: string[]; child: ChildProcess; stop: () => Promise<void> }> {
  let port = await freePort();
  // A cluster needs a run of free ports; stay well below the top of the range.
  if (nodes > 1) port = 20_000 + (port % 20_000);
  const entry = nodes > 1 ? ['server/cluster.ts', '--nodes', String(nodes)] : ['server/start.ts'];
  // SERVER_NODE_ARGS reach the server's processes only, cluster nodes included (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them and not the fleet).
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...entry.map((e, i) => (i === 0 ? path.join(ROOT, e) : e))], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), SIMULATE: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const urls = Array.from({ length: nodes }, (_, i) => `http://127.0.0.1:${port + i}`);
  for (const url of urls)
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
      } catch {
        if (attempt > 1200) throw new Error(`server at ${url} did not start within 120 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  return {
    url: urls[0]!,
    urls,
    child,
    // A process already gone (killed by the caller) is stopped: waiting for its exit would hang.
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
