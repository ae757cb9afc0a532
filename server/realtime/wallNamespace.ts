import type { WallFeed, WallNamespace } from './wallFeed.ts';
import type { EventService } from '../events/eventService.ts';
import type { SensorService } from '../sensors/sensorService.ts';

/**
 * The wall is read-only: a snapshot on join and on request (after a gap), an event's history and
 * a waterlogging point's depth trend on click.
 */
export function attachWallNamespace(nsp: WallNamespace, feed: WallFeed, events: EventService, sensors: SensorService): void {
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
    socket.on('sensor:trend', (id, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof id !== 'string') return ack({ ok: false, error: 'id: must be a string' });
      const trend = sensors.trend(id);
      if (!trend) return ack({ ok: false, error: `no waterlogging point ${id}` });
      ack({ ok: true, trend });
    });
  });
}
