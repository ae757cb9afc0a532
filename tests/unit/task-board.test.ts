import { asDomainNow } from '../../server/time/domainClock.ts';
import { describe, expect, it } from 'vitest';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { FieldTask, TaskItem } from '../../common/domain/tasks.ts';
import { TaskBoard } from '../../server/field/taskBoard.ts';

const HOUR_MS = 3_600_000;
const event = (id: string, task: Partial<FieldTask> | null): CityEvent =>
  ({
    id,
    category: 'garbage',
    description: '垃圾堆积',
    address: null,
    lng: 113.6,
    lat: 34.7,
    state: 'dispatched',
    gridCode: 'G1',
    task: task && { worker: 'W000001', kind: 'verify', assignedBy: 'officer', assignedAtMs: 1_000, note: null, acceptedAtMs: null, completedAtMs: null, outcome: null, report: null, ...task },
  }) as unknown as CityEvent;

describe('the task board', () => {
  it('lists each worker’s tasks, open first, moves a task given to another, and tells each new task once', () => {
    let now = 10 * HOUR_MS;
    const board = new TaskBoard(asDomainNow(() => now));
    const told: TaskItem[] = [];
    board.onAssigned((item) => told.push(item));
    board.load([event('E1', { completedAtMs: 2_000, outcome: 'confirmed' })]);
    expect(told).toEqual([]);
    expect(board.isBusy('W000001')).toBe(false);

    board.changed(event('E2', { assignedAtMs: 3_000 }));
    board.changed(event('E2', { assignedAtMs: 3_000, acceptedAtMs: 4_000 }));
    expect(told.map((i) => i.event.id)).toEqual(['E2']);
    expect(board.isBusy('W000001')).toBe(true);
    expect(board.of('W000001', 10).map((i) => i.event.id)).toEqual(['E2', 'E1']);

    // Done, then given to another worker: it leaves the first worker's list, and is told again.
    board.changed(event('E2', { assignedAtMs: 3_000, completedAtMs: 5_000, outcome: 'notFound' }));
    expect(board.isBusy('W000001')).toBe(false);
    board.changed(event('E2', { worker: 'W000002', assignedAtMs: 6_000 }));
    expect(told.map((i) => [i.event.id, i.task.worker])).toEqual([
      ['E2', 'W000001'],
      ['E2', 'W000002'],
    ]);
    expect(board.of('W000001', 10).map((i) => i.event.id)).toEqual(['E1']);
    expect(board.isBusy('W000002')).toBe(true);

    // A day on, the done task has left the list.
    now += 25 * HOUR_MS;
    expect(board.of('W000001', 10)).toEqual([]);
    expect(board.of('W000002', 10).map((i) => i.event.id)).toEqual(['E2']);
  });
});
