import type { DeskEvent } from '../../common/domain/officerDeskView.ts';
import type { ConsoleClientToServer, ConsoleServerToClient, DeskDelta, DeskSnapshot } from '../../common/socketCatalogue.ts';
import type { Socket } from 'socket.io-client';
import { createStore } from './store.ts';

/**
 * The officer's desk as the console holds it: the events of the officer's area by id, the last
 * sequence number applied, and the server's clock offset (for SLA clocks that agree with it).
 */
export interface OfficerDeskState {
  synced: boolean;
  seq: number;
  byId: ReadonlyMap<string, DeskEvent>;
  /** Server time minus this browser's, ms. */
  clockOffsetMs: number;
  /** Events beyond the snapshot's cap, not shown. */
  omitted: number;
}

export const officerDesk = createStore<OfficerDeskState>({ synced: false, seq: 0, byId: new Map(), clockOffsetMs: 0, omitted: 0 });

export function applyDeskSnapshot(state: OfficerDeskState, snapshot: DeskSnapshot, nowMs: number): OfficerDeskState {
  return { synced: true, seq: snapshot.seq, byId: new Map(snapshot.events.map((e) => [e.id, e])), clockOffsetMs: snapshot.serverTimeMs - nowMs, omitted: snapshot.omitted };
}

/** A delta in sequence is applied (an older version of an event never replaces a newer); out of sequence: null, ask for a snapshot. */
export function applyDeskDelta(state: OfficerDeskState, delta: DeskDelta, nowMs: number): OfficerDeskState | null {
  // Not synced: a snapshot is on its way, and what it holds includes this.
  if (!state.synced || delta.seq <= state.seq) return state;
  if (delta.seq !== state.seq + 1 || delta.omitted > 0) return null;
  const byId = new Map(state.byId);
  for (const e of delta.events) {
    const known = byId.get(e.id);
    if (!known || known.version <= e.version) byId.set(e.id, e);
  }
  return { ...state, seq: delta.seq, byId, clockOffsetMs: delta.serverTimeMs - nowMs };
}

/** Follows the desk on a console socket: snapshot on every (re)connect, deltas in order, a snapshot again on a gap. */
export function followOfficerDesk(socket: Socket<ConsoleServerToClient, ConsoleClientToServer>): void {
  const resync = () =>
    void socket.emitWithAck('desk:requestSnapshot').then(
      (ack) => ack.ok && officerDesk.set(applyDeskSnapshot(officerDesk.get(), ack.snapshot, Date.now())),
      () => {},
    );
  socket.on('desk:snapshot', (snapshot) => officerDesk.set(applyDeskSnapshot(officerDesk.get(), snapshot, Date.now())));
  socket.on('desk:delta', (delta) => {
    const next = applyDeskDelta(officerDesk.get(), delta, Date.now());
    if (next) officerDesk.set(next);
    else {
      officerDesk.set({ ...officerDesk.get(), synced: false });
      resync();
    }
  });
}
