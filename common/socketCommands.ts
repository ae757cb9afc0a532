/**
 * What each client → server socket event carries, as schemas the server checks at the edge. Keyed
 * by the event catalogue's own interfaces, so an event added there without a schema here does not
 * compile. `null`: the event carries nothing but its acknowledgement callback.
 */
import { z } from 'zod';
import type { ConsoleClientToServer, NamespaceName, WallClientToServer, WorkerClientToServer } from './socketCatalogue.ts';
import { LocateQuery } from './domain/geo.ts';
import { storableKey } from './domain/text.ts';
import { ReplayRange } from './domain/replay.ts';
import { DutyCommand, PositionUpdate, WorkerPick, WorkersView } from './domain/field.ts';

/** Event and broadcast ids are short serials (EV000000001, BC000001); anything longer is not one. */
const RecordId = storableKey(40).min(1, 'is required');
const SensorId = storableKey(16).min(1, 'is required');

export type SocketPayloadSchema = z.ZodType | null;

export const SOCKET_COMMANDS = {
  wall: { 'wall:requestSnapshot': null, 'event:history': RecordId, 'sensor:trend': SensorId, 'workers:view': WorkersView, 'worker:at': WorkerPick, 'wall:replay': ReplayRange } satisfies Record<
    keyof WallClientToServer,
    SocketPayloadSchema
  >,
  console: { 'geo:locate': LocateQuery, 'desk:requestSnapshot': null } satisfies Record<keyof ConsoleClientToServer, SocketPayloadSchema>,
  worker: {
    'geo:locate': LocateQuery,
    'broadcast:delivered': RecordId,
    'broadcast:confirm': RecordId,
    'broadcast:inbox': null,
    'duty:set': DutyCommand,
    'position:update': PositionUpdate,
  } satisfies Record<keyof WorkerClientToServer, SocketPayloadSchema>,
} as const satisfies Record<NamespaceName, Record<string, SocketPayloadSchema>>;
