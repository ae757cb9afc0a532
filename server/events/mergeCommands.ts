import type { Principal } from '../../common/domain/auth.ts';
import type { TransitionCommand } from '../../common/domain/eventRecords.ts';
import { planMerge } from './merges.ts';
import type { CommandResult, EventActions } from './commands.ts';

/** Merge as duplicate / unmerge, written against the event's version (the target read just before). */
export async function mergeOn(events: EventActions, id: string, command: TransitionCommand, principal: Principal, nowMs: () => number): Promise<CommandResult> {
  const target = command.duplicateOf ? await events.get(command.duplicateOf) : null;
  return events.act(id, (event) => {
    const planned = planMerge(event, command, target, principal, nowMs());
    return 'code' in planned ? { ok: false, ...planned } : planned;
  });
}
