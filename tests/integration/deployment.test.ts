import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { call, startTestServer } from '../support/server.ts';

const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `city-brain-${name}-`));
const SECRET = 'a-production-secret-of-at-least-32-characters';

describe('demo mode and production', () => {
  it('defaults: demo and the simulated city outside production; neither in production; SIMULATE=0 always stops it', () => {
    expect(readConfig({})).toMatchObject({ demo: true, simulate: true, production: false });
    expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET })).toMatchObject({ demo: false, simulate: false, production: true });
    expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET, DEMO: '1' })).toMatchObject({ demo: true, simulate: true });
    expect(readConfig({ DEMO: '1', SIMULATE: '0' }).simulate).toBe(false);
    expect(readConfig({ DEMO: '0' }).simulate).toBe(false);
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET/);
  });

  it('refuses to start in production without AUTH_SECRET, exiting non-zero and naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
      env: { ...process.env, NODE_ENV: 'production', AUTH_SECRET: '', DATA_DIR: tempDir('prod'), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('AUTH_SECRET');
  });

  it('npm run start:cluster runs equal nodes only: without DATABASE_URL or REDIS_URL it exits non-zero at once, naming the one missing', async () => {
    const run = async (env: Record<string, string>) => {
      const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster.ts', '--nodes', '2'], {
        env: { ...inherited, DATA_DIR: tempDir('cluster'), PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, output };
    };
    const noDatabase = await run({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(noDatabase.code).not.toBe(0);
    expect(noDatabase.output).toContain('set DATABASE_URL');
    const noRedis = await run({ DATABASE_URL: 'postgres://127.0.0.1:5432/none' });
    expect(noRedis.code).not.toBe(0);
    expect(noRedis.output).toContain('set REDIS_URL');
  });

  it('opens nothing with the README’s demo passwords once demo mode is off, even on data seeded in demo mode', async () => {
    const dataDir = tempDir('demo-off');
    const databaseFile = path.join(dataDir, 'city-brain.sqlite');
    const demo = await startTestServer({ dataDir, databaseFile, demo: true });
    expect((await call(demo.url, 'POST', '/api/auth/login', null, { username: 'officer', password: 'officer-demo' })).status).toBe(200);
    await demo.stop();
    const production = await startTestServer({ dataDir, databaseFile, demo: false });
    try {
      for (const [username, password] of [
        ['officer', 'officer-demo'],
        ['wall', 'wall-demo'],
        ['integration', 'integration-demo'],
        ['W000001', 'worker-demo'],
      ])
        expect((await call(production.url, 'POST', '/api/auth/login', null, { username, password })).status, username).toBe(401);
      expect((await call(production.url, 'GET', '/api/auth/options', null)).body).toEqual({ demo: false });
    } finally {
      await production.stop();
    }
  });

  it('seeds every demo worker of the roster, all sharing one password hash', async () => {
    const server = await startTestServer({ demo: true });
    try {
      expect((await server.deps.trust.accounts.counts()).worker).toEqual({ total: 100_394, enabled: 100_394 });
      const workers = await server.deps.trust.accounts.list({ role: 'worker', limit: 3, offset: 50_000 });
      expect(new Set(workers.map((w) => w.passwordHash)).size).toBe(1);
      expect(workers.every((w) => w.demo && w.unit === w.username)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('the front door’s headers', () => {
  it('sends a CSP the map works under, forbids framing anywhere, and nosniff', async () => {
    const server = await startTestServer();
    try {
      for (const path of ['/wall', '/api/health', '/api/nothing-here']) {
        const res = await fetch(`${server.url}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toMatch(/worker-src 'self' blob:/);
        expect(csp, path).toContain("object-src 'none'");
        expect(res.headers.get('x-frame-options'), path).toBe('DENY');
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-powered-by'), path).toBeNull();
      }
    } finally {
      await server.stop();
    }
  });

  it('lets the pages connect to their own origin only: no other ws: or wss: host', async () => {
    const server = await startTestServer();
    try {
      const { host, port } = new URL(server.url);
      const connectSrc = (csp: string) =>
        csp
          .split(';')
          .find((d) => d.trim().startsWith('connect-src'))
          ?.trim()
          .split(/\s+/)
          .slice(1);
      const res = await fetch(`${server.url}/wall`);
      expect(connectSrc(res.headers.get('content-security-policy') ?? '')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      // The Host the browser named is taken only when it is a plain host[:port]: nothing can be slipped into the policy.
      const cspFor = (hostHeader: string) =>
        new Promise<string>((resolve, reject) =>
          httpRequest({ host: '127.0.0.1', port, path: '/wall', headers: { host: hostHeader } }, (answer) => {
            answer.resume();
            resolve(String(answer.headers['content-security-policy'] ?? ''));
          })
            .on('error', reject)
            .end(),
        );
      expect(connectSrc(await cspFor('[::1]:8080'))).toEqual(["'self'", 'ws://[::1]:8080', 'wss://[::1]:8080']);
      for (const evil of ['evil.example ws:', 'a.example;script-src *', 'a.example/x', '*', 'a.example:80:80']) {
        const csp = await cspFor(evil);
        expect(connectSrc(csp), evil).toEqual(["'self'"]);
        expect(csp, evil).toContain("script-src 'self'");
      }
    } finally {
      await server.stop();
    }
  });

  it('speaks TLS itself with TLS_CERT and TLS_KEY, with HSTS', async () => {
    const dir = tempDir('tls');
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const server = await startTestServer({ tls: { certFile: cert, keyFile: key } });
    try {
      expect(server.url).toMatch(/^https:/);
      const answer = await new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) =>
        request(`${server.url}/api/health`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, hsts: res.headers['strict-transport-security'] as string | undefined });
        })
          .on('error', reject)
          .end(),
      );
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/max-age=\d+/);
    } finally {
      await server.stop();
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const direct = await startTestServer();
    const proxied = await startTestServer({ trustProxy: 'loopback' });
    try {
      const wrongLogin = (url: string) =>
        call(url, 'POST', '/api/auth/login', null, { username: 'wall', password: 'nope' }).then(() =>
          fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
            body: JSON.stringify({ username: 'wall', password: 'nope' }),
          }),
        );
      const addresses = async (url: string) => {
        await wrongLogin(url);
        const officer = (await call(url, 'POST', '/api/auth/login', null, { username: 'officer', password: 'officer-demo' })).body.token;
        return (await call(url, 'GET', '/api/audit?action=signin.failed', officer)).body.entries.map((e: { address: string }) => e.address);
      };
      expect(await addresses(direct.url)).not.toContain('203.0.113.9');
      expect(await addresses(proxied.url)).toContain('203.0.113.9');
    } finally {
      await direct.stop();
      await proxied.stop();
    }
  });
});
