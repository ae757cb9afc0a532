import { describe, expect, it } from 'vitest';
import { BroadcastSendRequest } from '../../common/domain/broadcasts.ts';
import { buildRoster } from '../../common/geo/roster.ts';
import { BroadcastService, type WorkerNamespace } from '../../server/broadcasts/broadcastService.ts';
import { WorkerDirectory } from '../../server/broadcasts/workerDirectory.ts';
import { ONE_PROCESS_BROADCASTS } from '../../server/coordination/oneProcess.ts';
import { testConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/store/sqliteDatabase.ts';
import { SqliteBroadcastRepository } from '../../server/store/sqliteBroadcastRepository.ts';
import { testCity } from '../support/city.ts';

const geo = testCity();
const directory = new WorkerDirectory(geo, buildRoster(geo, testConfig().citySeed));
const silentNamespace = { to: () => ({ emit: () => true }) } as unknown as WorkerNamespace;

/** The figures a pass over every target gives, to hold the running totals to. */
function bruteForce(scope: BroadcastSendRequest['scope'], online: Set<number>, delivered: Set<number>) {
  const targets = directory.targets(scope);
  const byDistrict = new Map<string, { targeted: number; delivered: number }>();
  for (const i of targets) {
    const code = directory.districtCodes[directory.districtOfWorker[i]!]!;
    const d = byDistrict.get(code) ?? { targeted: 0, delivered: 0 };
    d.targeted++;
    if (delivered.has(i)) d.delivered++;
    byDistrict.set(code, d);
  }
  const offline = targets.length - [...targets].filter((i) => online.has(i)).length;
  const connected = [...targets].filter((i) => online.has(i));
  const connectedReached = connected.filter((i) => delivered.has(i)).length;
  const waitingOffline = [...targets].filter((i) => !online.has(i) && !delivered.has(i)).length;
  return { offline, connected: connected.length, connectedReached, waitingOffline, byDistrict: [...byDistrict].map(([code, d]) => ({ code, ...d })).sort((a, b) => a.code.localeCompare(b.code)) };
}

describe('broadcast running totals', () => {
  it('match a pass over every target as workers come and go (two phones count once) and receipts arrive', async () => {
    const service = new BroadcastService({
      repository: new SqliteBroadcastRepository(openDatabase(':memory:')),
      directory,
      workers: silentNamespace,
      clock: () => 1_000,
      coordination: ONE_PROCESS_BROADCASTS,
    });
    const request = BroadcastSendRequest.parse({ content: { title: 't', body: 'b', priority: 'urgent', requiresConfirmation: true, exercise: true }, scope: { districts: ['410103', '410102'] } });
    const targets = [...directory.targets(request.scope)];
    const online = new Set<number>();
    const delivered = new Set<number>();
    const connect = (i: number, phone: string) => {
      void service.connected(i, `${phone}${i}`);
      online.add(i);
    };
    // Some online before the broadcast, some after; workers 40-49 have two phones.
    for (const i of targets.slice(0, 50)) connect(i, 'a');
    const { id } = await service.send(request, { username: 'officer', role: 'officer', unit: null });
    for (const i of targets.slice(40, 120)) connect(i, 'b');
    for (const i of targets.slice(0, 30)) {
      service.disconnected(i, `a${i}`);
      online.delete(i);
    }
    // Still online on their other phone.
    for (const i of targets.slice(45, 48)) service.disconnected(i, `a${i}`);
    for (const i of targets.slice(10, 90)) {
      void service.receipt(i, id, i % 2 ? 'delivered' : 'confirmed');
      delivered.add(i);
    }
    // Some who had it go offline, and one comes back: the connected figures follow.
    for (const i of targets.slice(80, 85)) {
      service.disconnected(i, `b${i}`);
      online.delete(i);
    }
    connect(targets[82]!, 'c');
    const progress = service.progress(id)!;
    const expected = bruteForce(request.scope, online, delivered);
    expect(progress.offline).toBe(expected.offline);
    expect({ connected: progress.connected, connectedReached: progress.connectedReached, waitingOffline: progress.waitingOffline }).toEqual({
      connected: expected.connected,
      connectedReached: expected.connectedReached,
      waitingOffline: expected.waitingOffline,
    });
    expect(progress.delivered).toBe(delivered.size);
    expect([...progress.byDistrict].sort((a, b) => a.code.localeCompare(b.code))).toEqual(expected.byDistrict);
  });
});

describe('resending', () => {
  it("resends what is unacknowledged once the first sending is over, to this node's own sockets directly, never through the cluster adapter", async () => {
    const written: string[] = [];
    const sockets = new Map([['s1', { emit: (_event: string, broadcast: { id: string }) => written.push(broadcast.id) }]]);
    let addressed = 0;
    const namespace = { sockets, to: () => (addressed++, { emit: () => true }) } as unknown as WorkerNamespace;
    let nowMs = 1_000;
    const service = new BroadcastService({
      repository: new SqliteBroadcastRepository(openDatabase(':memory:')),
      directory,
      workers: namespace,
      clock: () => nowMs,
      coordination: ONE_PROCESS_BROADCASTS,
    });
    const request = BroadcastSendRequest.parse({ content: { title: 't', body: 'b', priority: 'urgent', requiresConfirmation: false }, scope: { city: true } });
    const { id } = await service.send(request, { username: 'officer', role: 'officer', unit: null });
    const sentByRoom = addressed;
    void service.connected(0, 's1');
    // Not while the broadcast is still going out for the first time.
    nowMs += 4_999;
    expect(service.resend(5_000)).toBe(0);
    nowMs += 1;
    expect(service.resend(5_000)).toBe(1);
    expect(written).toEqual([id]);
    expect(addressed).toBe(sentByRoom);
    void service.receipt(0, id, 'delivered');
    expect(service.resend(5_000)).toBe(0);
  });
});

describe('broadcasts followed in memory', () => {
  it('leave after their day; a late receipt is refused and does not bring one back; the record stays in the store', async () => {
    let now = 1_000_000;
    const repository = new SqliteBroadcastRepository(openDatabase(':memory:'));
    const service = new BroadcastService({ repository, directory, workers: silentNamespace, clock: () => now, coordination: ONE_PROCESS_BROADCASTS });
    const request = BroadcastSendRequest.parse({ content: { title: 't', body: 'b', priority: 'normal', requiresConfirmation: false, exercise: true }, scope: { districts: ['410103'] } });
    const { id } = await service.send(request, { username: 'officer', role: 'officer', unit: null });
    const worker = directory.targets(request.scope)[0]!;
    expect(await service.receipt(worker, id, 'delivered')).toBeNull();
    now += 25 * 3_600_000;
    expect(service.forgetOld()).toBe(1);
    expect(service.progress(id)).toBeNull();
    expect(await service.receipt(worker, id, 'confirmed')).toMatch(/is not a broadcast for/);
    expect(service.progress(id)).toBeNull();
    expect((await repository.get(id))?.id).toBe(id);
    expect(await repository.deliveriesOf(id)).toEqual([{ worker: directory.idOf(worker), deliveredAtMs: 1_000_000, confirmedAtMs: null }]);
  });

  it('follow the window the operator set (BROADCAST_TRACKING_HOURS)', async () => {
    let now = 1_000_000;
    const service = new BroadcastService({
      repository: new SqliteBroadcastRepository(openDatabase(':memory:')),
      directory,
      workers: silentNamespace,
      clock: () => now,
      coordination: ONE_PROCESS_BROADCASTS,
      receiptCommitMs: 100,
      trackForMs: 2 * 3_600_000,
      onError: () => {},
    });
    const request = BroadcastSendRequest.parse({ content: { title: 't', body: 'b', priority: 'normal', requiresConfirmation: false, exercise: true }, scope: { districts: ['410103'] } });
    const { id } = await service.send(request, { username: 'officer', role: 'officer', unit: null });
    now += 90 * 60_000;
    expect(service.forgetOld()).toBe(0);
    now += 60 * 60_000;
    expect(service.forgetOld()).toBe(1);
    expect(service.progress(id)).toBeNull();
  });
});
