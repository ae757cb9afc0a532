import type { WorkerDetail, WorkerPick, WorkersInView, WorkersView } from '../../common/domain/field.ts';
import type { ReplayFrame, WallClientToServer, WallServerToClient } from '../../common/socketCatalogue.ts';
import { createSession } from '../shared/session.ts';
import { socketWhileSignedIn } from './connection.ts';
import { createStore } from './store.ts';
import { applyDelta, applySnapshot, emptyWallState, type WallState } from './wallState.ts';

/**
 * The wall's one socket owner: applies the snapshot and deltas, and asks for a fresh snapshot
 * when it sees a gap. Components read `wallData`, `wallLink` and `wallSession`, never the socket.
 */
export const wallAuth = createSession('wall');
export const wallSession = wallAuth.session;
export const wallData = createStore<WallState>(emptyWallState);

/**
 * When deltas leave alarm changes out (an alarm storm), a snapshot repairs the list; at most this
 * often, so a long storm does not turn every delta into a snapshot.
 */
const ALARM_RESYNC_EVERY_MS = 30_000;
const ASK_TIMEOUT_MS = 5000;

const { link, current } = socketWhileSignedIn<WallServerToClient, WallClientToServer>('wall', wallAuth, (socket) => {
  let lastResyncAtMs = 0;
  const resync = () => {
    lastResyncAtMs = Date.now();
    socket.emit('wall:requestSnapshot', (ack) => {
      if (ack.ok) wallData.set(applySnapshot(ack.snapshot));
    });
  };
  socket.on('wall:snapshot', (snapshot) => wallData.set(applySnapshot(snapshot)));
  socket.on('wall:delta', (delta) => {
    const next = applyDelta(wallData.get(), delta);
    if (next === 'gap') return resync();
    wallData.set(next);
    if (next.sensors.alarmsIncomplete && Date.now() - lastResyncAtMs > ALARM_RESYNC_EVERY_MS) resync();
  });
});
export const wallLink = link;

type AskById = 'event:history' | 'sensor:trend';
type AckOf<E extends AskById> = Parameters<Parameters<WallClientToServer[E]>[1]>[0];

/** A question about one thing by id, answered by ack; a silent or absent server is an error. */
function askById<E extends AskById>(event: E, id: string): Promise<AckOf<E>> {
  // Both acks admit { ok: false, error }; TypeScript cannot see that through the generic.
  const failed = (error: string) => ({ ok: false, error }) as AckOf<E>;
  return new Promise((resolve) => {
    const socket = current();
    if (!socket) return resolve(failed('not connected'));
    const timed = socket.timeout(ASK_TIMEOUT_MS);
    // The two events share a shape (id, ack); socket.io's typed emit cannot see that through a union.
    const emit = timed.emit as unknown as (e: E, id: string, ack: (error: Error | null, ack: AckOf<E>) => void) => void;
    emit.call(timed, event, id, (error, ack) => resolve(error ? failed('timeout') : ack));
  });
}

/** The event's full history, for the panel a click opens. */
export const eventHistory = (id: string) => askById('event:history', id);

/** A waterlogging point's recent depths, for the trend a click on its column opens. */
export const sensorTrend = (id: string) => askById('sensor:trend', id);

/** The grid workers in the map's view (dots zoomed in, cells out); null when the server cannot say. */
export async function workersInView(view: WorkersView): Promise<WorkersInView | null> {
  const socket = current();
  if (!socket) return null;
  try {
    const ack = await socket.timeout(ASK_TIMEOUT_MS).emitWithAck('workers:view', view);
    return ack.ok ? ack.workers : null;
  } catch {
    return null;
  }
}

/** What the walls were fed after `afterMs` up to `untilMs` (the city's time), for a wall playing the past forward. */
export async function replayFrames(afterMs: number, untilMs: number): Promise<{ frames: ReplayFrame[]; untilMs: number }> {
  const socket = current();
  if (!socket) throw new Error('not connected');
  const ack = await socket.timeout(ASK_TIMEOUT_MS).emitWithAck('wall:replay', { afterMs, untilMs });
  if (!ack.ok) throw new Error(ack.error);
  return { frames: ack.frames, untilMs: ack.untilMs };
}

/** The worker nearest a click on the map (within radiusM): today's track and reports; an error if none. */
export async function workerAt(pick: WorkerPick): Promise<{ ok: true; worker: WorkerDetail } | { ok: false; error: string }> {
  const socket = current();
  if (!socket) return { ok: false, error: 'not connected' };
  try {
    return await socket.timeout(ASK_TIMEOUT_MS).emitWithAck('worker:at', pick);
  } catch {
    return { ok: false, error: 'timeout' };
  }
}
