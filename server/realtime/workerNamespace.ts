import type { LocateAck } from '../../common/events.ts';
import type { BroadcastService, WorkerNamespace } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { identityOf } from './socketAuth.ts';

/**
 * A grid worker's phone: it joins the rooms of its place in the hierarchy, is sent what it missed
 * while offline, and answers each broadcast with a receipt and, by hand, a confirmation.
 */
export function attachWorkerNamespace(nsp: WorkerNamespace, directory: WorkerDirectory, broadcasts: BroadcastService, locate: (query: unknown, ack: LocateAck) => void): void {
  nsp.on('connection', (socket) => {
    // The namespace admitted only workers whose unit is a roster id.
    const index = directory.indexOf(identityOf(socket).principal.unit!);
    socket.join(directory.roomsOf(index));
    const missed = broadcasts.connected(index, socket.id);
    for (const broadcast of missed.broadcasts) socket.emit('broadcast:new', broadcast);
    for (const list of missed.stragglers) socket.emit('broadcast:stragglers', list);
    socket.on('disconnect', () => broadcasts.disconnected(index, socket.id));
    socket.on('geo:locate', locate);
    // Answered once the receipt is committed: a phone told { ok: true } may forget it.
    const receipt = (kind: 'delivered' | 'confirmed') => (id: unknown, ack: unknown) => {
      void broadcasts.receipt(index, id, kind).then((error) => {
        if (typeof ack === 'function') ack(error ? { ok: false, error } : { ok: true });
      });
    };
    socket.on('broadcast:delivered', receipt('delivered'));
    socket.on('broadcast:confirm', receipt('confirmed'));
    socket.on('broadcast:inbox', (ack) => {
      if (typeof ack === 'function') ack({ ok: true, items: broadcasts.inbox(index) });
    });
  });
}
