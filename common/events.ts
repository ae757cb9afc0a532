/**
 * The one event catalogue: for each Socket.IO namespace, what the server emits and what clients
 * send. Names are `entity:verb`; commands are imperative, facts past tense, full state
 * `*:snapshot`. No event name string exists outside this file.
 */
import type { AckCallback } from './ack.ts';
import type { GeoSummary, GridPath } from './domain/geo.ts';
import type { EpochMs } from './domain/time.ts';

export const NAMESPACES = { wall: '/wall', console: '/console', worker: '/worker' } as const;
export type NamespaceName = keyof typeof NAMESPACES;

/** What a wall needs to draw from scratch; later issues add events and sensors to it. */
export interface WallSnapshot {
  serverTimeMs: EpochMs;
  geo: GeoSummary;
}

export type LocateAck = AckCallback<{ path: GridPath | null }>;

export interface WallServerToClient {
  'wall:snapshot': (snapshot: WallSnapshot) => void;
}
export interface WallClientToServer {
  'wall:requestSnapshot': (ack: AckCallback<{ snapshot: WallSnapshot }>) => void;
}

export interface ConsoleServerToClient {}
export interface ConsoleClientToServer {
  'geo:locate': (query: unknown, ack: LocateAck) => void;
}

export interface WorkerServerToClient {}
export interface WorkerClientToServer {
  'geo:locate': (query: unknown, ack: LocateAck) => void;
}
