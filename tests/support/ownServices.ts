import { type ChildProcess, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestNetwork } from './netns.ts';

/** Where Debian keeps PostgreSQL's server programs (the newest version installed). */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return version && existsSync(path.join(root, version, 'bin/initdb')) ? path.join(root, version, 'bin') : null;
}

const uidOf = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
const gidOf = (user: string) => Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());

export interface OwnService {
  url: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess, timeoutMs: number) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Waits until a TCP port answers from this process, or throws. */
async function listening(host: string, port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before listening on ${host}:${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port, timeout: 500 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A PostgreSQL of the test's own in one of its hosts: `initdb` into a temporary directory (as the
 * `postgres` user: PostgreSQL refuses to run as root), trust for the test's subnet, listening on
 * that host's address only. The machine's own PostgreSQL is never touched.
 */
export async function startOwnPostgres(network: TestNetwork, host: number): Promise<OwnService> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citybrain-pg-'));
  const uid = uidOf('postgres');
  const gid = gidOf('postgres');
  chownSync(dir, uid, gid);
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'initdb'), '-D', path.join(dir, 'data'), '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-instructions'], {
    stdio: 'ignore',
  });
  const address = network.address(host);
  appendFileSync(path.join(dir, 'data/pg_hba.conf'), `host all all ${address.replace(/\.\d+$/, '.0')}/24 trust\n`);
  writeFileSync(path.join(dir, 'data/postgresql.auto.conf'), `listen_addresses = '${address}'\nunix_socket_directories = '${dir}'\nfsync = off\nmax_connections = 200\n`);
  // setpriv runs postgres in place (no process in between), so a signal to the child reaches it.
  const child = network.spawnIn(host, 'setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', path.join(bin, 'postgres'), '-D', path.join(dir, 'data')], { stdio: 'ignore', cwd: dir });
  await listening(address, 5432, 30_000, child);
  return {
    url: `postgres://postgres@${address}:5432/postgres`,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server of the test's own in one of its hosts (nothing kept on disk), which the test may stop and start again. */
export async function startOwnRedis(network: TestNetwork, host: number): Promise<OwnService & { restart(): Promise<void> }> {
  const address = network.address(host);
  const start = () => network.spawnIn(host, 'redis-server', ['--bind', address, '--port', '6379', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
  let child = start();
  await listening(address, 6379, 10_000, child);
  const service = {
    url: `redis://${address}:6379`,
    get process() {
      return child;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child, 5000);
    },
    /** Starts it again after `stop` (empty: it kept nothing). */
    restart: async () => {
      child = start();
      await listening(address, 6379, 10_000, child);
    },
  };
  return service;
}
