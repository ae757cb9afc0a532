import type { Role } from '../../common/domain/auth.ts';

/** An account as stored. Secrets are kept only as hashes. */
export interface AccountRecord {
  username: string;
  role: Role;
  unit: string | null;
  /** A department account's department code (common/domain/departments.ts); null for other roles. */
  department: string | null;
  /** An integration account's channel (hotline12345, police110, …): what it files under when a report names none; null otherwise. */
  channel: string | null;
  /** scrypt hash of the password; null: no password sign-in (an enrolled phone, say). */
  passwordHash: string | null;
  /** Fast hash of an enrolled worker phone's device credential. */
  deviceHash: string | null;
  enabled: boolean;
  /** Seeded by demo mode: refused whenever demo mode is off. */
  demo: boolean;
  /**
   * Raised whenever what was issued before must stop working (disable, password reset, a new
   * device): access tokens carry the version they were issued at.
   */
  version: number;
  createdAtMs: number;
  /** When it last changed after its creation; 0 when it never has. */
  updatedAtMs: number;
}

/** How many accounts of each role, and how many of them are enabled. */
export type AccountCounts = Partial<Record<Role, { total: number; enabled: number }>>;

export interface ApiKeyRecord {
  id: string;
  username: string;
  secretHash: string;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export interface RefreshRecord {
  tokenHash: string;
  username: string;
  /**
   * The sign-in session the token belongs to: a sign-in (login, enrolment) starts a family, and
   * each refresh's successor inherits it. Signing out, or presenting a used token again, revokes
   * the whole family.
   */
  familyId: string;
  expiresAtMs: number;
}

/**
 * What presenting a refresh token found (null: unknown — never issued, pruned after its expiry,
 * or its account's tokens deleted):
 * - `taken`: it was live (unused, unexpired, its family not revoked) and is now marked used;
 * - `reused`: it had been used already, so a copy of it is in a second pair of hands: its family
 *   has been revoked, every live token of it with it, in the same step;
 * - `dead`: it expired, or its family was revoked before (a sign-out, an earlier reuse).
 */
export type RefreshUse = { outcome: 'taken' | 'reused' | 'dead'; record: RefreshRecord };

/**
 * The accounts store, as a port: SQLite today, PostgreSQL next. Every write resolves once it is
 * committed.
 */
export interface AccountRepository {
  get(username: string): Promise<AccountRecord | null>;
  /** Several accounts in one question (phones signing in by the thousand); those missing are left out. */
  getMany(usernames: readonly string[]): Promise<AccountRecord[]>;
  /** Accounts whose record changed after `afterMs` (disabled, reset, keys revoked), oldest first. */
  changedSince(afterMs: number): Promise<AccountRecord[]>;
  list(filter: { role?: Role; limit: number; offset: number }): Promise<AccountRecord[]>;
  counts(): Promise<AccountCounts>;
  /** Inserts; false when the username is taken. */
  insert(account: AccountRecord): Promise<boolean>;
  /** Inserts those missing, leaves existing ones alone; resolves to how many were inserted. */
  insertMissing(accounts: readonly AccountRecord[]): Promise<number>;
  /** Applies the change and raises `version` when `revoke` (so issued tokens stop working); false when there is no such account. */
  update(username: string, change: Partial<Pick<AccountRecord, 'passwordHash' | 'deviceHash' | 'enabled'>>, revoke: boolean, atMs: number): Promise<boolean>;

  addApiKey(key: ApiKeyRecord, atMs: number): Promise<void>;
  apiKey(id: string): Promise<ApiKeyRecord | null>;
  apiKeysOf(username: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, atMs: number): Promise<boolean>;

  /** One code per worker, replacing any earlier code of theirs. */
  putEnrolmentCodes(codes: readonly { username: string; codeHash: string; expiresAtMs: number }[]): Promise<void>;
  /**
   * Uses the worker's code if it matches and has not expired: the code is gone, the device hash
   * set and the account's version raised, in one transaction; false otherwise.
   */
  redeemEnrolmentCode(username: string, codeHash: string, deviceHash: string, atMs: number): Promise<boolean>;

  /** Adds a refresh token, and its family with its first token; a family lasts as long as its latest token. */
  addRefresh(record: RefreshRecord): Promise<void>;
  /**
   * Uses a refresh token, once: marks it used (kept, not deleted, until its expiry, so that a
   * second use is seen) — or, when it had been used already, revokes its family. One atomic step:
   * of two presenting the same token at once, one takes it and the other revokes the family.
   */
  takeRefresh(tokenHash: string, atMs: number): Promise<RefreshUse | null>;
  /** The family of a refresh token, used or not; null when unknown. */
  refreshFamilyOf(tokenHash: string): Promise<string | null>;
  /** Revokes a family: none of its tokens is taken again. False when there is no such family. */
  revokeRefreshFamily(familyId: string, atMs: number): Promise<boolean>;
  /** Deletes every refresh token and family of the account. */
  deleteRefreshOf(username: string): Promise<void>;
  /** Deletes the tokens (used or not) and the families that expired at or before `nowMs`; resolves to how many tokens. */
  deleteExpiredRefresh(nowMs: number): Promise<number>;
}
