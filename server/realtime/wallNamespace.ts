import type { WallFeed, WallNamespace } from './wallFeed.ts';
import type { EventService } from '../events/eventService.ts';

/** The wall is read-only: a snapshot on join and on request (after a gap), an event's history on click. */
export function attachWallNamespace(nsp: WallNamespace, feed: WallFeed, events: EventService): void {
  nsp.on('connection', (socket) => {
    socket.emit('wall:snapshot', feed.snapshot());
    socket.on('wall:requestSnapshot', (ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, snapshot: feed.snapshot() });
    });
    socket.on('event:history', (id, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof id !== 'string') return ack({ ok: false, error: 'id: must be a string' });
      const event = events.get(id);
      if (!event) return ack({ ok: false, error: `no event ${id}` });
      ack({ ok: true, event, history: events.history(id) });
    });
  });
}
