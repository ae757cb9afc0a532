/**
 * A wall for `bench:ingest`, in a process of its own: the load generator saturates its own event
 * loop past capacity, and a wall inside it would measure the generator, not the server. Logs each
 * delta (when it arrived, epoch ms; its size; the newest event it includes; whether the server said
 * it was shedding) and hands the log to the bench on request over IPC.
 */
import { io } from 'socket.io-client';
import type { WallDelta } from '../common/socketCatalogue.ts';

const [url, token] = process.argv.slice(2) as [string, string];
const log: { atMs: number; bytes: number; newestId: string | null; busy: boolean; serverMs: number; events: number }[] = [];
const wall = io(`${url}/wall`, { transports: ['websocket'], forceNew: true, auth: { token } });
wall.on('wall:delta', (delta: WallDelta) => {
  log.push({
    atMs: Date.now(),
    bytes: Buffer.byteLength(JSON.stringify(delta)),
    newestId: delta.newestEventId,
    busy: delta.load?.shedding ?? false,
    serverMs: delta.serverTimeMs,
    events: delta.events.length,
  });
});
wall.once('connect', () => process.send!({ ready: true }));
process.on('message', (message: { take?: boolean }) => {
  if (message.take) process.send!({ log: log.splice(0) });
});
process.once('disconnect', () => process.exit(0));
