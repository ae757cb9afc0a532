import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { NamespaceName } from '../../common/socketCatalogue.ts';
import { NAMESPACES } from '../../common/socketCatalogue.ts';
import { testConfig, type Config } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/index.ts';
import { createLogger } from '../../server/logger.ts';

/** A real server on a random loopback port. `clientDir` defaults to an empty folder (no pages). */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
  const clientDir = overrides.clientDir ?? mkdtempSync(path.join(os.tmpdir(), 'city-brain-no-client-'));
  return startServer(testConfig({ clientDir, ...overrides }), createLogger(overrides.logLevel ?? 'silent'));
}

/** A client build of three stub pages, so a server's page routes are those of a built client. */
export function stubClientDir(): string {
  const clientDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-pages-'));
  for (const page of ['wall', 'console', 'desk', 'worker']) {
    mkdirSync(path.join(clientDir, page));
    writeFileSync(path.join(clientDir, page, 'index.html'), `<!doctype html><title>${page}</title>`);
  }
  return clientDir;
}

/** A real Socket.IO client on one namespace, connected (or rejected) before it resolves. */
export function connectClient<S2C extends object = object, C2S extends object = object>(url: string, namespace: NamespaceName, token?: string): Promise<Socket<S2C, C2S>> {
  const socket = connect(`${url}${NAMESPACES[namespace]}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: token ? { token } : {} }) as unknown as Socket<S2C, C2S>;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Logs in with a demo account and returns its token. */
export async function login(url: string, username: string): Promise<string> {
  const password = /^W\d{6}$/.test(username) ? 'worker-demo' : `${username.split('.')[0]}-demo`;
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** JSON request with a bearer token; returns status and parsed body. */
export async function call(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
