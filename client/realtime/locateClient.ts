import type { Socket } from 'socket.io-client';
import type { Ack } from '../../common/ack.ts';
import type { GridPath } from '../../common/domain/geo.ts';

interface LocateCapable {
  'geo:locate': (query: unknown, ack: (ack: Ack<{ path: GridPath | null }>) => void) => void;
}

const LOCATE_TIMEOUT_MS = 5000;

/** Asks the server where a point sits in the grid hierarchy; null outside the city. */
export function locateOver(socket: Socket<object, LocateCapable>) {
  return (lng: number, lat: number): Promise<GridPath | null> =>
    new Promise((resolve, reject) => {
      socket.timeout(LOCATE_TIMEOUT_MS).emit('geo:locate', { lng, lat }, (error: Error | null, ack: Ack<{ path: GridPath | null }>) => {
        if (error) return reject(new Error('timeout'));
        if (!ack.ok) return reject(new Error(ack.error));
        resolve(ack.path);
      });
    });
}
