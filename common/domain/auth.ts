import { z } from 'zod';
import { storableKey, storableText } from './text.ts';

/**
 * Who may do what: the wall only watches; integrations (hotline, sensor gateways, the simulator)
 * report and move events along for departments; officers do that and more within their unit;
 * departments (职能部门) sign in, handle and resolve what is dispatched to them; workers arrive
 * with the broadcast app.
 */
export const Role = z.enum(['wall', 'integration', 'officer', 'department', 'worker']);
export type Role = z.infer<typeof Role>;

/** Usernames are short, printable and free of spaces: they go into logs, CSV files and the audit log. */
export const Username = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'may hold only letters, digits and . _ @ -');

export const LoginRequest = z.object({ username: Username, password: storableKey(200).min(1, 'is required') });
export const RefreshRequest = z.object({ refreshToken: storableKey(200).min(1, 'is required') });
/** A worker's phone exchanges the one-time code of its enrolment sheet for its own device credential. */
export const EnrolRequest = z.object({ username: Username, code: storableText(40).min(1, 'is required') });

/**
 * Who a request or a socket acts for. `unit`: an officer's district or street code (null: the city
 * centre, everywhere); a worker's roster id; a department account's district, if it serves one
 * (null: the whole city); null for other roles. `department`: a department account's department
 * code (absent or null for other roles).
 */
export interface Principal {
  username: string;
  role: Role;
  unit: string | null;
  department?: string | null;
  /** An integration account's channel (Open311 files under it); null or absent otherwise. */
  channel?: string | null;
}

/** What a sign-in (login, refresh or enrolment) answers. */
export interface SignInResult {
  token: string;
  /** When the access token stops working, epoch ms: refresh before then. */
  expiresAtMs: number;
  refreshToken: string;
  username: string;
  role: Role;
  unit: string | null;
  /** A department account's department code; null for other roles. */
  department: string | null;
}

/** `GET /api/auth/options`: what the sign-in page may offer. */
export interface AuthOptions {
  /** Demo accounts are on: the page may show the README's demo usernames. */
  demo: boolean;
}
