import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import type { RunningServer } from '../../server/index.ts';
import { createTestRedis } from '../support/redis.ts';
import { report } from '../support/reports.ts';
import { call, connectClient, login, startTestServer } from '../support/server.ts';

/** A sample's value from Prometheus text — `name{a="x",b="y"}`, labels in any order — or null when absent. */
function sample(text: string, series: string): number | null {
  const [, name, labelText = ''] = /^([^{]+)(?:\{(.*)\})?$/.exec(series)!;
  const labelsOf = (t: string) => new Set(t.match(/[a-z_]+="[^"]*"/g) ?? []);
  const wanted = labelsOf(labelText);
  for (const line of text.split('\n')) {
    const m = /^([^{\s]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = labelsOf(m[2] ?? '');
    if (have.size === wanted.size && [...wanted].every((l) => have.has(l))) return Number(m[3]);
  }
  return null;
}

describe('readiness and metrics', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('/api/ready answers 200 with the store reachable at the schema this code expects', async () => {
    const res = await call(server.url, 'GET', '/api/ready', null);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ready: true, reasons: [], draining: false, store: { kind: 'sqlite', ok: true } });
    expect(res.body.store.schemaVersion).toBe(res.body.store.expectedSchemaVersion);
  });

  it('/metrics counts sockets by namespace, intake, created events and store commits, in Prometheus text', async () => {
    const wall: Socket = await connectClient(server.url, 'wall', await login(server.url, 'wall'));
    const officer = await login(server.url, 'officer');
    try {
      expect((await call(server.url, 'POST', '/api/events', officer, report({ channel: 'police110' }))).status).toBe(201);
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(sample(text, 'citybrain_sockets{namespace="wall",node="0"}')).toBe(1);
      expect(sample(text, 'citybrain_sockets{namespace="worker",node="0"}')).toBe(0);
      expect(sample(text, 'citybrain_events_created_total{channel="police110",node="0"}')).toBe(1);
      expect(sample(text, 'citybrain_intake_requests_total{route="/api/events",status="201",node="0"}')).toBe(1);
      expect(sample(text, 'citybrain_intake_seconds_count{route="/api/events",node="0"}')).toBe(1);
      expect(sample(text, 'citybrain_store_commit_seconds_count{operation="events",node="0"}')).toBeGreaterThanOrEqual(1);
      for (const series of [
        'citybrain_broadcasts_in_flight{node="0"}',
        'citybrain_receipts_pending{node="0"}',
        'citybrain_receipts_lag_seconds{node="0"}',
        'citybrain_event_loop_lag_seconds{node="0"}',
        'citybrain_shedding{node="0"}',
        'citybrain_event_write_wait_seconds{node="0"}',
        'citybrain_broadcast_reach_seconds{node="0"}',
      ])
        expect(sample(text, series), series).not.toBeNull();
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      wall.disconnect();
    }
  });
});

it('METRICS_TOKEN closes /metrics to everyone without it', async () => {
  const server = await startTestServer({ metricsToken: 'scrape-token-0123456789' });
  try {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('citybrain_sockets');
  } finally {
    await server.stop();
  }
});

it('in production /metrics is closed without METRICS_TOKEN, unless METRICS_PUBLIC=1', async () => {
  const SECRET = 'a-production-secret-of-at-least-32-characters';
  expect(readConfig({})).toMatchObject({ production: false, metricsPublic: true });
  expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET })).toMatchObject({ production: true, metricsToken: null, metricsPublic: false });
  expect(readConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET, METRICS_PUBLIC: '1' }).metricsPublic).toBe(true);
  expect(readConfig({ METRICS_PUBLIC: '0' }).metricsPublic).toBe(false);
  const closed = await startTestServer({ production: true, demo: false, metricsPublic: false });
  const open = await startTestServer({ production: true, demo: false, metricsPublic: true });
  const tokened = await startTestServer({ production: true, demo: false, metricsPublic: false, metricsToken: 'scrape-token-0123456789' });
  try {
    const refused = await fetch(`${closed.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-0123456789' } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/METRICS_TOKEN.*METRICS_PUBLIC=1/);
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${tokened.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${tokened.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).status).toBe(200);
  } finally {
    await Promise.all([closed.stop(), open.stop(), tokened.stop()]);
  }
});

it('a graceful stop refuses new connections, lets the request in flight finish and commit, then closes', async () => {
  const server = await startTestServer();
  const token = await login(server.url, 'officer');
  const body = JSON.stringify(report({ externalId: 'drain-1' }));
  const { port } = new URL(server.url);
  // A request whose body is still arriving when the stop begins.
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/events', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 20));
    setTimeout(() => req.end(body.slice(20)), 600);
  });
  await new Promise((r) => setTimeout(r, 200));
  let stopped = false;
  const stopping = server.stop().then(() => (stopped = true));
  await new Promise((r) => setTimeout(r, 100));
  await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  expect(stopped).toBe(false);
  const { status, body: text } = await answer;
  expect(status).toBe(201);
  expect(JSON.parse(text).id).toMatch(/^EV/);
  await stopping;
  expect(stopped).toBe(true);
});

const redis = await createTestRedis();
afterAll(() => redis?.cleanUp());

describe.skipIf(!redis)('the monitoring bundle', () => {
  it('deploy/monitoring’s alert rules and dashboard name only series a node with Redis exposes', async () => {
    const server = await startTestServer({ redis: { url: redis!.url, prefix: redis!.prefix } });
    try {
      const exposed = new Set([...(await (await fetch(`${server.url}/metrics`)).text()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
      const named = new Set(
        ['alerts.yaml', 'grafana-dashboard.json'].flatMap((file) =>
          [...readFileSync(path.join('deploy/monitoring', file), 'utf8').matchAll(/\b(citybrain_[a-z_]+|nodejs_[a-z_]+|process_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')),
        ),
      );
      expect(named.size).toBeGreaterThan(10);
      expect([...named].filter((name) => !exposed.has(name))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
