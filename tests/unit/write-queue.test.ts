import { describe, expect, it } from 'vitest';
import { type EventRepository, type EventWrite, StoreConflict } from '../../server/store/eventRepository.ts';
import { WriteQueue } from '../../server/store/writeQueue.ts';

/** A store that refuses any batch holding `bad` with the given error, and records what it committed. */
function store(refusal: () => Error) {
  const committed: string[] = [];
  const repository = {
    async write(batch: readonly EventWrite[]) {
      if (batch.some((w) => w.event.id === 'bad')) throw refusal();
      committed.push(...batch.map((w) => w.event.id));
    },
  } as unknown as EventRepository;
  return { repository, committed };
}
const write = (id: string) => [{ event: { id }, isNew: true, transitions: [] }] as unknown as EventWrite[];

describe('the group-commit queue', () => {
  it('fails only the request the store’s rules refuse; the others in its group are committed', async () => {
    const { repository, committed } = store(() => new StoreConflict('refused: unique key'));
    const failures: Error[] = [];
    const queue = new WriteQueue(repository, (e) => failures.push(e));
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((id) => queue.enqueue(write(id))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflict);
    expect(committed.sort()).toEqual(['a', 'c']);
    expect(failures).toEqual([]);
  });

  it('reports any other failure (the disk) as well as refusing the request', async () => {
    const { repository } = store(() => Object.assign(new Error('refused'), { code: 'SQLITE_IOERR' }));
    const failures: Error[] = [];
    const queue = new WriteQueue(repository, (e) => failures.push(e));
    await expect(queue.enqueue(write('bad'))).rejects.toThrow('refused');
    expect(failures).toHaveLength(1);
  });

  it.each([
    ['PostgreSQL: NUL in text', '22P05'],
    ['PostgreSQL: invalid JSON text', '22P02'],
    ['PostgreSQL: value too long', '22001'],
    ['SQLite: too big', 'SQLITE_TOOBIG'],
  ])('a write the store refuses for its data (%s) fails that request alone and never stops the node', async (_what, code) => {
    const { repository, committed } = store(() => Object.assign(new Error('unsupported Unicode escape sequence'), { code }));
    const failures: Error[] = [];
    const queue = new WriteQueue(repository, (e) => failures.push(e));
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((id) => queue.enqueue(write(id))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed.sort()).toEqual(['a', 'c']);
    expect(failures).toEqual([]);
  });

  it('a lost connection to PostgreSQL is the store itself: reported', async () => {
    const { repository } = store(() => Object.assign(new Error('connection terminated'), { code: '57P01' }));
    const failures: Error[] = [];
    const queue = new WriteQueue(repository, (e) => failures.push(e));
    await expect(queue.enqueue(write('bad'))).rejects.toThrow('connection terminated');
    expect(failures).toHaveLength(1);
  });

  it('commits one group at a time: writes queued during a slow commit go together in the next', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const repository = {
      async write(batch: readonly EventWrite[]) {
        batches.push(batch.map((w) => w.event.id));
        if (batches.length === 1) await first;
      },
    } as unknown as EventRepository;
    const queue = new WriteQueue(repository, () => {});
    const a = queue.enqueue(write('a'));
    await new Promise((r) => setImmediate(r));
    const rest = ['b', 'c'].map((id) => queue.enqueue(write(id)));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([['a']]);
    release();
    await Promise.all([a, ...rest]);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('tells how long the oldest write not yet committed has waited, through its commit, and 0 once all are stored', async () => {
    let nowMs = 1000;
    let release = () => {};
    const repository = {
      write: () => new Promise<void>((resolve) => (release = resolve)),
    } as unknown as EventRepository;
    const queue = new WriteQueue(
      repository,
      () => {},
      undefined,
      () => nowMs,
    );
    expect(queue.oldestWaitMs).toBe(0);
    const first = queue.enqueue(write('a'));
    nowMs += 400;
    expect(queue.oldestWaitMs).toBe(400);
    await new Promise((r) => setImmediate(r));
    nowMs += 800;
    const second = queue.enqueue(write('b'));
    // 'a' is committing (held by the store), 'b' queued behind it: the oldest is still 'a'.
    expect(queue.oldestWaitMs).toBe(1200);
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    // 'a' stored; 'b' now commits, queued 0 ms ago.
    expect(queue.oldestWaitMs).toBe(0);
    nowMs += 50;
    expect(queue.oldestWaitMs).toBe(50);
    release();
    await second;
    expect(queue.oldestWaitMs).toBe(0);
  });
});
