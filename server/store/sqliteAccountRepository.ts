import type Database from 'better-sqlite3';
import type { Role } from '../../common/domain/auth.ts';
import type { AccountCounts, AccountRecord, AccountRepository, ApiKeyRecord, RefreshRecord, RefreshUse } from '../accounts/accountRepository.ts';

interface AccountRow {
  username: string;
  role: Role;
  unit: string | null;
  department: string | null;
  password_hash: string | null;
  device_hash: string | null;
  enabled: number;
  demo: number;
  version: number;
  created_at: number;
  updated_at: number;
}

const toAccount = (r: AccountRow): AccountRecord => ({
  username: r.username,
  role: r.role,
  unit: r.unit,
  department: r.department,
  passwordHash: r.password_hash,
  deviceHash: r.device_hash,
  enabled: r.enabled === 1,
  demo: r.demo === 1,
  version: r.version,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
});

const toRow = (a: AccountRecord) => ({
  username: a.username,
  role: a.role,
  unit: a.unit,
  department: a.department,
  password_hash: a.passwordHash,
  device_hash: a.deviceHash,
  enabled: a.enabled ? 1 : 0,
  demo: a.demo ? 1 : 0,
  version: a.version,
  created_at: a.createdAtMs,
  updated_at: a.updatedAtMs,
});

interface KeyRow {
  id: string;
  username: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
}
const toKey = (r: KeyRow): ApiKeyRecord => ({ id: r.id, username: r.username, secretHash: r.secret_hash, createdAtMs: r.created_at, revokedAtMs: r.revoked_at });

interface RefreshRow {
  token_hash: string;
  username: string;
  family_id: string;
  expires_at: number;
}
const toRefresh = (r: RefreshRow): RefreshRecord => ({ tokenHash: r.token_hash, username: r.username, familyId: r.family_id, expiresAtMs: r.expires_at });

const COLUMNS = '(username, role, unit, department, password_hash, device_hash, enabled, demo, version, created_at, updated_at)';
const VALUES = '(@username, @role, @unit, @department, @password_hash, @device_hash, @enabled, @demo, @version, @created_at, @updated_at)';

/** Accounts, API keys, enrolment codes and refresh tokens in the embedded database. Each call is one transaction. */
export class SqliteAccountRepository implements AccountRepository {
  private readonly s;
  private readonly insertMany: Database.Transaction<(rows: readonly AccountRecord[]) => number>;
  private readonly putCodes: Database.Transaction<(rows: readonly { username: string; codeHash: string; expiresAtMs: number }[]) => void>;
  private readonly redeem: Database.Transaction<(username: string, codeHash: string, deviceHash: string, atMs: number) => boolean>;
  private readonly addToken: Database.Transaction<(record: RefreshRecord) => void>;
  private readonly useToken: Database.Transaction<(tokenHash: string, atMs: number) => RefreshUse | null>;
  private readonly deleteTokensOf: Database.Transaction<(username: string) => void>;
  private readonly deleteExpiredTokens: Database.Transaction<(nowMs: number) => number>;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE username = ?'),
      changed: db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE updated_at > ? ORDER BY updated_at'),
      list: db.prepare<[number, number], AccountRow>('SELECT * FROM accounts ORDER BY role, username LIMIT ? OFFSET ?'),
      listRole: db.prepare<[string, number, number], AccountRow>('SELECT * FROM accounts WHERE role = ? ORDER BY username LIMIT ? OFFSET ?'),
      counts: db.prepare<[], { role: Role; total: number; enabled: number }>('SELECT role, COUNT(*) AS total, SUM(enabled) AS enabled FROM accounts GROUP BY role'),
      insert: db.prepare(`INSERT INTO accounts ${COLUMNS} VALUES ${VALUES} ON CONFLICT (username) DO NOTHING`),
      update: db.prepare(
        `UPDATE accounts SET password_hash = COALESCE(@passwordHash, password_hash), device_hash = COALESCE(@deviceHash, device_hash),
           enabled = COALESCE(@enabled, enabled), version = version + @revoke, updated_at = MAX(updated_at + 1, @atMs) WHERE username = @username`,
      ),
      touch: db.prepare('UPDATE accounts SET updated_at = MAX(updated_at + 1, ?) WHERE username = ?'),
      addKey: db.prepare('INSERT INTO api_keys (id, username, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)'),
      key: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      keysOf: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE username = ? ORDER BY created_at'),
      revokeKey: db.prepare<[number, string], { username: string }>('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING username'),
      putCode: db.prepare(
        'INSERT INTO enrolment_codes (username, code_hash, expires_at) VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at',
      ),
      takeCode: db.prepare<[string, string, number], { username: string }>('DELETE FROM enrolment_codes WHERE username = ? AND code_hash = ? AND expires_at > ? RETURNING username'),
      setDevice: db.prepare('UPDATE accounts SET device_hash = ?, version = version + 1, updated_at = MAX(updated_at + 1, ?) WHERE username = ?'),
      addRefresh: db.prepare('INSERT INTO refresh_tokens (token_hash, username, family_id, expires_at) VALUES (@tokenHash, @username, @familyId, @expiresAtMs)'),
      addFamily: db.prepare(
        `INSERT INTO refresh_families (family_id, username, expires_at) VALUES (@familyId, @username, @expiresAtMs)
           ON CONFLICT (family_id) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)`,
      ),
      useRefresh: db.prepare<[number, string, number], RefreshRow>(
        `UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
           AND EXISTS (SELECT 1 FROM refresh_families f WHERE f.family_id = refresh_tokens.family_id AND f.revoked_at IS NULL)
           RETURNING token_hash, username, family_id, expires_at`,
      ),
      findRefresh: db.prepare<[string], RefreshRow & { used_at: number | null; revoked_at: number | null; has_family: number }>(
        `SELECT t.token_hash, t.username, t.family_id, t.expires_at, t.used_at, f.revoked_at, f.family_id IS NOT NULL AS has_family
           FROM refresh_tokens t LEFT JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = ?`,
      ),
      revokeFamily: db.prepare('UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ?'),
      deleteRefreshOf: db.prepare('DELETE FROM refresh_tokens WHERE username = ?'),
      deleteFamiliesOf: db.prepare('DELETE FROM refresh_families WHERE username = ?'),
      deleteExpired: db.prepare('DELETE FROM refresh_tokens WHERE expires_at <= ?'),
      deleteExpiredFamilies: db.prepare('DELETE FROM refresh_families WHERE expires_at <= ?'),
    };
    this.addToken = db.transaction((record: RefreshRecord) => {
      this.s.addRefresh.run(record);
      this.s.addFamily.run(record);
    });
    this.useToken = db.transaction((tokenHash: string, atMs: number): RefreshUse | null => {
      const taken = this.s.useRefresh.get(atMs, tokenHash, atMs);
      if (taken) return { outcome: 'taken', record: toRefresh(taken) };
      const found = this.s.findRefresh.get(tokenHash);
      if (!found) return null;
      const record = toRefresh(found);
      if (found.used_at === null || found.expires_at <= atMs || found.revoked_at !== null || !found.has_family) return { outcome: 'dead', record };
      this.s.revokeFamily.run(atMs, found.family_id);
      return { outcome: 'reused', record };
    });
    this.deleteTokensOf = db.transaction((username: string) => {
      this.s.deleteRefreshOf.run(username);
      this.s.deleteFamiliesOf.run(username);
    });
    this.deleteExpiredTokens = db.transaction((nowMs: number): number => {
      const deleted = this.s.deleteExpired.run(nowMs).changes;
      this.s.deleteExpiredFamilies.run(nowMs);
      return deleted;
    });
    this.insertMany = db.transaction((rows: readonly AccountRecord[]) => rows.reduce((n, row) => n + this.s.insert.run(toRow(row)).changes, 0));
    this.putCodes = db.transaction((rows) => {
      for (const r of rows) this.s.putCode.run(r.username, r.codeHash, r.expiresAtMs);
    });
    this.redeem = db.transaction((username: string, codeHash: string, deviceHash: string, atMs: number) => {
      if (!this.s.takeCode.get(username, codeHash, atMs)) return false;
      this.s.setDevice.run(deviceHash, atMs, username);
      return true;
    });
  }

  async get(username: string): Promise<AccountRecord | null> {
    const row = this.s.get.get(username);
    return row ? toAccount(row) : null;
  }

  /** One indexed lookup each: in-process SQLite gains nothing from a single bigger statement. */
  async getMany(usernames: readonly string[]): Promise<AccountRecord[]> {
    return usernames.flatMap((username) => {
      const row = this.s.get.get(username);
      return row ? [toAccount(row)] : [];
    });
  }

  async changedSince(afterMs: number): Promise<AccountRecord[]> {
    return this.s.changed.all(afterMs).map(toAccount);
  }

  async list(filter: { role?: Role; limit: number; offset: number }): Promise<AccountRecord[]> {
    const rows = filter.role ? this.s.listRole.all(filter.role, filter.limit, filter.offset) : this.s.list.all(filter.limit, filter.offset);
    return rows.map(toAccount);
  }

  async counts(): Promise<AccountCounts> {
    return Object.fromEntries(this.s.counts.all().map((r) => [r.role, { total: r.total, enabled: r.enabled }]));
  }

  async insert(account: AccountRecord): Promise<boolean> {
    return this.s.insert.run(toRow(account)).changes === 1;
  }

  async insertMissing(accounts: readonly AccountRecord[]): Promise<number> {
    return this.insertMany.immediate(accounts);
  }

  async update(username: string, change: Partial<Pick<AccountRecord, 'passwordHash' | 'deviceHash' | 'enabled'>>, revoke: boolean, atMs: number): Promise<boolean> {
    const enabled = change.enabled === undefined ? null : change.enabled ? 1 : 0;
    return this.s.update.run({ username, passwordHash: change.passwordHash ?? null, deviceHash: change.deviceHash ?? null, enabled, revoke: revoke ? 1 : 0, atMs }).changes === 1;
  }

  async addApiKey(key: ApiKeyRecord, atMs: number): Promise<void> {
    this.s.addKey.run(key.id, key.username, key.secretHash, key.createdAtMs);
    this.s.touch.run(atMs, key.username);
  }

  async apiKey(id: string): Promise<ApiKeyRecord | null> {
    const row = this.s.key.get(id);
    return row ? toKey(row) : null;
  }

  async apiKeysOf(username: string): Promise<ApiKeyRecord[]> {
    return this.s.keysOf.all(username).map(toKey);
  }

  async revokeApiKey(id: string, atMs: number): Promise<boolean> {
    const revoked = this.s.revokeKey.get(atMs, id);
    // The owner's record changes too, so every node's cache of keys learns of it.
    if (revoked) this.s.touch.run(atMs, revoked.username);
    return revoked !== undefined;
  }

  async putEnrolmentCodes(codes: readonly { username: string; codeHash: string; expiresAtMs: number }[]): Promise<void> {
    this.putCodes.immediate(codes);
  }

  async redeemEnrolmentCode(username: string, codeHash: string, deviceHash: string, atMs: number): Promise<boolean> {
    return this.redeem.immediate(username, codeHash, deviceHash, atMs);
  }

  async addRefresh(record: RefreshRecord): Promise<void> {
    this.addToken.immediate(record);
  }

  /** In an IMMEDIATE transaction: the nodes of a cluster may share the file, and one must not take what another has. */
  async takeRefresh(tokenHash: string, atMs: number): Promise<RefreshUse | null> {
    return this.useToken.immediate(tokenHash, atMs);
  }

  async refreshFamilyOf(tokenHash: string): Promise<string | null> {
    return this.s.findRefresh.get(tokenHash)?.family_id ?? null;
  }

  async revokeRefreshFamily(familyId: string, atMs: number): Promise<boolean> {
    return this.s.revokeFamily.run(atMs, familyId).changes === 1;
  }

  async deleteRefreshOf(username: string): Promise<void> {
    this.deleteTokensOf.immediate(username);
  }

  async deleteExpiredRefresh(nowMs: number): Promise<number> {
    return this.deleteExpiredTokens.immediate(nowMs);
  }
}
