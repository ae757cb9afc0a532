import type { Role } from '../../common/domain/auth.ts';
import type { AccountRecord, ApiKeyRecord, RefreshRecord } from '../accounts/accountRepository.ts';
import { flagColumn, flagParam } from './rowMappers.ts';
import type { SqlParam } from './sqlRunner.ts';

/**
 * The accounts tables' rows and their mappers, once for both stores (the repository written once
 * and each store's batch writes use them). Times are epoch milliseconds.
 */

/** An accounts row; enabled and demo are INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL. */
export interface AccountRow {
  username: string;
  role: Role;
  unit: string | null;
  department: string | null;
  channel: string | null;
  password_hash: string | null;
  device_hash: string | null;
  enabled: number | boolean;
  demo: number | boolean;
  version: number;
  created_at: number;
  updated_at: number;
}

export const accountOf = (r: AccountRow): AccountRecord => ({
  username: r.username,
  role: r.role,
  unit: r.unit,
  department: r.department,
  channel: r.channel ?? null,
  passwordHash: r.password_hash,
  deviceHash: r.device_hash,
  enabled: flagColumn(r.enabled),
  demo: flagColumn(r.demo),
  version: r.version,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
});

/** One account, inserted unless its username is taken; bind with accountParams. */
export const INSERT_ACCOUNT =
  'INSERT INTO accounts (username, role, unit, department, channel, password_hash, device_hash, enabled, demo, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING';

export const accountParams = (a: AccountRecord): SqlParam[] => [
  a.username,
  a.role,
  a.unit,
  a.department,
  a.channel,
  a.passwordHash,
  a.deviceHash,
  flagParam(a.enabled),
  flagParam(a.demo),
  a.version,
  a.createdAtMs,
  a.updatedAtMs,
];

export const SELECT_ACCOUNT = 'SELECT * FROM accounts WHERE username = ?';

export type EnrolmentCode = { username: string; codeHash: string; expiresAtMs: number };

export interface KeyRow {
  id: string;
  username: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export const keyOf = (r: KeyRow): ApiKeyRecord => ({ id: r.id, username: r.username, secretHash: r.secret_hash, createdAtMs: r.created_at, revokedAtMs: r.revoked_at });

export interface RefreshRow {
  token_hash: string;
  username: string;
  family_id: string;
  expires_at: number;
}

export const refreshOf = (r: RefreshRow): RefreshRecord => ({ tokenHash: r.token_hash, username: r.username, familyId: r.family_id, expiresAtMs: r.expires_at });
