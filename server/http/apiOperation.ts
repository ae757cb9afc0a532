import type { z } from 'zod';
import { ErrorAnswer } from './answers/errorAnswer.ts';

export type Access = 'public' | 'metrics' | { roles: string[]; note?: string };
export type Produces = 'json' | 'html' | 'protobuf' | 'text' | 'xml' | 'jpeg' | 'atom';

/** One operation of the HTTP API, as its router serves it: the path in Express's syntax. */
export interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Besides JSON, a body the route also takes as a form (Open311). */
  form?: boolean;
  responses: Record<number, string>;
  /**
   * The JSON body of each success, as a zod schema: described in the document, and checked
   * against what the route really answers while the tests run (answerCheck.ts).
   */
  answers?: Partial<Record<number, z.ZodType>>;
  produces?: Produces;
  /** Served only with the simulation clock on (SIMULATE or SIMULATION_CLOCK); otherwise 404 and left out. */
  simulationClockOnly?: true;
}

export const OFFICERS = { roles: ['officer'] };
export const REPORTERS = { roles: ['integration', 'officer'] };
export const INTEGRATIONS = { roles: ['integration'] };
export const READERS = { roles: ['integration', 'officer', 'wall'] };
export const WATCHERS = { roles: ['officer', 'wall'] };
export const SIGNED_IN = { roles: ['wall', 'integration', 'officer', 'worker'] };
export const CITY_OFFICERS = { roles: ['officer'], note: 'city-centre officers only (an account without a unit)' };

/** Refusals every guarded route may answer. */
export const GUARDED = { 401: 'no or invalid credential', 403: 'the role may not call this' };

export { ErrorAnswer };

/** The schema a JSON answer of this status must meet: the operation's own, or for a refusal the common one. */
export const answerSchemaOf = (op: Operation, status: number): z.ZodType | undefined => op.answers?.[status] ?? (status >= 400 ? ErrorAnswer : undefined);
