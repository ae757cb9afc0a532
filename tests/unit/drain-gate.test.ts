import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { DrainGate } from '../../server/http/drainGate.ts';

/** Just enough of an Express request and response for the gate. */
function exchange(path: string) {
  const res = Object.assign(new EventEmitter(), {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: null as unknown,
    set(name: string, value: string) {
      this.headers[name] = value;
      return this;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
  });
  return { req: { path } as never, res };
}

describe('the drain gate', () => {
  it('resolves the drain when the last request in flight is answered, not before', async () => {
    const gate = new DrainGate();
    const a = exchange('/api/events');
    let passed = 0;
    gate.middleware(a.req, a.res as never, () => passed++);
    expect(gate.requestsInFlight).toBe(1);
    let drained: boolean | null = null;
    const draining = gate.drain(5000).then((done) => (drained = done));
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBeNull();
    a.res.emit('close');
    await draining;
    expect(drained).toBe(true);
    expect(passed).toBe(1);
  });

  it('answers 503 with Connection: close to a request arriving while draining; health and readiness still answer', async () => {
    const gate = new DrainGate();
    await gate.drain(10);
    const late = exchange('/api/events');
    let passed = 0;
    gate.middleware(late.req, late.res as never, () => passed++);
    expect(passed).toBe(0);
    expect(late.res.statusCode).toBe(503);
    expect(late.res.headers).toMatchObject({ Connection: 'close', 'Retry-After': '1' });
    const ready = exchange('/api/ready');
    gate.middleware(ready.req, ready.res as never, () => passed++);
    expect(passed).toBe(1);
  });

  it('gives up after its time with requests still in flight', async () => {
    const gate = new DrainGate();
    const stuck = exchange('/api/events');
    gate.middleware(stuck.req, stuck.res as never, () => {});
    expect(await gate.drain(30)).toBe(false);
  });
});
