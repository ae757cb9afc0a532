import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { openApiPath } from '../../server/http/openApi.ts';
import { routesOf } from '../support/routes.ts';
import { startTestServer, stubClientDir } from '../support/server.ts';

let server: RunningServer;
let doc: { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: any }> }; responses: object }>> };
beforeAll(async () => {
  server = await startTestServer({ clientDir: stubClientDir() });
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => server?.stop());

const documented = () =>
  Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

it('is an OpenAPI 3.1 document, served without a token', () => {
  expect(doc.openapi).toBe('3.1.0');
});

it('describes every route the server has, and nothing it does not', () => {
  const served = routesOf(server.app.express).map((route) => {
    const [method, path] = route.split(' ');
    return `${method} ${openApiPath(path!)}`;
  });
  expect(documented()).toEqual([...new Set(served)].sort());
});

it('declares every path parameter, and takes request bodies from the routers’ schemas', () => {
  for (const [path, ops] of Object.entries(doc.paths))
    for (const op of Object.values(ops)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(names);
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  const intake = doc.paths['/api/events']!.post!.requestBody!.content['application/json']!.schema;
  expect(intake.anyOf.map((s: { type: string }) => s.type).sort()).toEqual(['array', 'object']);
  expect(intake.anyOf.find((s: { type: string }) => s.type === 'array').maxItems).toBe(1000);
  const readings = doc.paths['/api/sensors/readings']!.post!.requestBody!.content['application/json']!.schema;
  expect(readings.properties.readings.maxItems).toBe(10_000);
  const list = doc.paths['/api/events']!.get!.parameters!.map((p) => p.name);
  expect(list).toEqual(expect.arrayContaining(['limit', 'offset', 'state', 'sinceMs']));
});

it('passes Redocly’s recommended rules with no error, each operation with a unique operationId and a 4xx answer', async () => {
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config: await createConfig({ extends: ['recommended'] }) });
  expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  // The one warning left: GET / answers only a redirect.
  expect(problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)).toEqual(['operation-2xx-response #/paths/~1/get/responses']);
  const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => (op as { operationId?: string }).operationId));
  expect(ids.every((id) => typeof id === 'string' && /^(get|post|delete)[A-Z]\w*$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect((doc.paths['/api/events/{id}/transitions']!.post as unknown as { operationId: string }).operationId).toBe('postEventsByIdTransitions');
});

it('gives every JSON answer a schema — refusals the shared Error — from the zod schemas the routes answer with', () => {
  type Response = { content?: Record<string, { schema?: any }> };
  const missing: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      for (const [status, response] of Object.entries(op.responses as Record<string, Response>)) {
        const json = response.content?.['application/json'];
        if (json && !json.schema) missing.push(`${method.toUpperCase()} ${path} ${status}`);
      }
  expect(missing).toEqual([]);
  const answer = (path: string, method: string, status: number) => (doc.paths[path]![method]!.responses as Record<string, Response>)[status]!.content!['application/json']!.schema;
  expect(answer('/api/events/{id}', 'get', 200).properties.event.properties.state.enum).toEqual(expect.arrayContaining(['reported', 'evaluated']));
  expect(answer('/api/workers/me', 'get', 200).required).toEqual(['id', 'name', 'role', 'gridCode', 'microGridCode', 'gridName']);
  expect(answer('/api/events/{id}', 'get', 404)).toEqual({ $ref: '#/components/schemas/Error' });
  expect(answer('/api/ready', 'get', 503).properties.reasons.type).toBe('array');
});
