import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { RunningServer } from '../../server/index.ts';
import { eventId, type EventWrite } from '../../server/store/eventRepository.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * Open311 search answers from the store over any range: a range three days back finds its
 * requests among 40,000 newer ones (≈ 3.5 days of the city's reports), newest first, a page at a
 * time, by service and status.
 */
const DAY_MS = 86_400_000;

describe('Open311 search over any range', () => {
  let server: RunningServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer();
    key = await login(server.url, 'integration');
  });
  afterAll(() => server?.stop());

  it('finds a range three days back among 40,000 newer requests, newest first, paged and filtered', { timeout: 120_000 }, async () => {
    const filed = await call(server.url, 'POST', '/api/events', key, report({ category: 'streetLightFault' }));
    const template = (await server.deps.repository.get(filed.body.id))!;
    const now = Date.now();
    const store = server.deps.repository;
    const write = async (events: CityEvent[]) => {
      const writes: EventWrite[] = events.map((event) => ({ event, isNew: true, transitions: [], change: { type: 'created', atMs: event.receivedAtMs } }));
      for (let i = 0; i < writes.length; i += 1000) await store.write(writes.slice(i, i + 1000));
    };
    const make = async (count: number, receivedAtMs: (i: number) => number, overrides: Partial<CityEvent> = {}) => {
      const sequences = await store.reserveSequences(count);
      return sequences.map((n, i) => ({ ...template, id: eventId(n), externalId: null, receivedAtMs: receivedAtMs(i), reportedAtMs: receivedAtMs(i), ...overrides }));
    };
    const threeDaysBack = now - 3 * DAY_MS;
    const old = [
      ...(await make(3, (i) => threeDaysBack + i * 60_000)),
      ...(await make(2, (i) => threeDaysBack + 10 * 60_000 + i * 60_000, { state: 'resolved' })),
      ...(await make(1, () => threeDaysBack + 20 * 60_000, { category: 'garbage' })),
    ];
    await write(old);
    const newer = await make(40_000, (i) => now - 2 * DAY_MS + i * 4000);
    await write(newer);

    const search = async (query: string) => {
      const res = await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}&${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { service_request_id: string; status: string }[]).map((r) => r.service_request_id);
    };
    const range = `start_date=${new Date(threeDaysBack - 3_600_000).toISOString()}&end_date=${new Date(threeDaysBack + 3_600_000).toISOString()}`;
    const newestFirst = [...old].sort((x, y) => y.receivedAtMs - x.receivedAtMs).map((e) => e.id);
    expect(await search(range)).toEqual(newestFirst);
    expect(await search(`${range}&service_code=streetLightFault&status=closed`)).toEqual(newestFirst.filter((id) => old.find((e) => e.id === id)!.state === 'resolved'));
    expect(await search(`${range}&service_code=streetLightFault&status=open`)).toEqual(
      old
        .slice(0, 3)
        .map((e) => e.id)
        .reverse(),
    );
    expect([...(await search(`${range}&page_size=4`)), ...(await search(`${range}&page_size=4&page=2`))]).toEqual(newestFirst);
    // The newest day holds more than a page: 1,000 at most, newest first.
    const recent = await search(`start_date=${new Date(now - 2 * DAY_MS).toISOString()}`);
    expect(recent).toHaveLength(1000);
    expect(recent.slice(0, 3)).toEqual([filed.body.id, newer.at(-1)!.id, newer.at(-2)!.id]);
    const refused = await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}&page_size=1001`);
    expect(refused.status).toBe(400);
    const reversed = await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}&start_date=${new Date(now).toISOString()}&end_date=${new Date(now - DAY_MS).toISOString()}`);
    expect(reversed.status).toBe(400);
  });
});
