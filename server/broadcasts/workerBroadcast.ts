import type { Broadcast, WorkerBroadcast } from '../../common/domain/broadcasts.ts';

/** What a phone is sent of a broadcast: its content, not its scope or bookkeeping. */
export const toWorker = (b: Broadcast): WorkerBroadcast => ({
  id: b.id,
  sentAtMs: b.sentAtMs,
  title: b.content.title,
  body: b.content.body,
  priority: b.content.priority,
  requiresConfirmation: b.content.requiresConfirmation,
  exercise: b.content.exercise,
  sender: b.sender,
  ...(b.updatedBy ? { updatedBy: b.updatedBy } : {}),
  ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
});
