import type { Role } from '../../common/domain/auth.ts';
import type { AccountCounts, AccountRecord, AccountRepository, ApiKeyRecord, RefreshRecord, RefreshUse } from '../accounts/accountRepository.ts';
import { type AccountRow, accountOf, accountParams, type EnrolmentCode, INSERT_ACCOUNT, type KeyRow, keyOf, type RefreshRow, refreshOf, SELECT_ACCOUNT } from './accountRows.ts';
import { flagParam } from './rowMappers.ts';
import { type SqlRunner, type SqlWork, step } from './sqlRunner.ts';

/**
 * The account writes and reads that go by the thousand, whose fast form differs per store: on the
 * embedded database a statement costs no round trip, so row by row is fastest; PostgreSQL wants
 * a few big statements (sqliteAccountBatches.ts, postgresAccountBatches.ts). Each is one transaction.
 */
export interface AccountBatches {
  getMany(usernames: readonly string[]): Promise<AccountRecord[]>;
  insertMissing(accounts: readonly AccountRecord[]): Promise<number>;
  putEnrolmentCodes(codes: readonly EnrolmentCode[]): Promise<void>;
}

/**
 * Raises updated_at to `?` (epoch ms; bind it twice), and by at least 1: a change's record never
 * runs backwards, even when clocks between nodes disagree, since the account gate polls by it.
 * A CASE, as SQLite's MAX(a, b) is PostgreSQL's GREATEST.
 */
const TOUCH = 'updated_at = CASE WHEN updated_at + 1 > ? THEN updated_at + 1 ELSE ? END';
const TOUCH_ACCOUNT = `UPDATE accounts SET ${TOUCH} WHERE username = ?`;

const REVOKE_FAMILY = 'UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ?';

/** A refresh token with what decides whether it may be taken; has_family is 0/1 on SQLite, a boolean on PostgreSQL. */
type FoundRefresh = RefreshRow & { used_at: number | null; revoked_at: number | null; has_family: number | boolean };

/**
 * Accounts, API keys, enrolment codes and refresh tokens on either store. Work that spans
 * statements (a key and its owner's record, a token and its family) is one transaction.
 */
export class SqlAccountRepository implements AccountRepository {
  constructor(
    private readonly sql: SqlRunner,
    private readonly batches: AccountBatches,
  ) {}

  async get(username: string): Promise<AccountRecord | null> {
    const row = await this.sql.get<AccountRow>(SELECT_ACCOUNT, [username]);
    return row ? accountOf(row) : null;
  }

  getMany(usernames: readonly string[]): Promise<AccountRecord[]> {
    return this.batches.getMany(usernames);
  }

  async changedSince(afterMs: number): Promise<AccountRecord[]> {
    return (await this.sql.all<AccountRow>('SELECT * FROM accounts WHERE updated_at > ? ORDER BY updated_at', [afterMs])).map(accountOf);
  }

  async list(filter: { role?: Role; limit: number; offset: number }): Promise<AccountRecord[]> {
    const rows = filter.role
      ? await this.sql.all<AccountRow>('SELECT * FROM accounts WHERE role = ? ORDER BY username LIMIT ? OFFSET ?', [filter.role, filter.limit, filter.offset])
      : await this.sql.all<AccountRow>('SELECT * FROM accounts ORDER BY role, username LIMIT ? OFFSET ?', [filter.limit, filter.offset]);
    return rows.map(accountOf);
  }

  async counts(): Promise<AccountCounts> {
    const rows = await this.sql.all<{ role: Role; total: number; enabled: number }>('SELECT role, COUNT(*) AS total, SUM(CASE WHEN enabled THEN 1 ELSE 0 END) AS enabled FROM accounts GROUP BY role');
    return Object.fromEntries(rows.map((r) => [r.role, { total: r.total, enabled: r.enabled }]));
  }

  async insert(account: AccountRecord): Promise<boolean> {
    return (await this.sql.run(INSERT_ACCOUNT, accountParams(account))) === 1;
  }

  /** All in one transaction: demo seeding takes the first and last worker present to mean all are. */
  insertMissing(accounts: readonly AccountRecord[]): Promise<number> {
    return this.batches.insertMissing(accounts);
  }

  /** A null in `change` leaves the column as it is (COALESCE): no field is ever cleared here. */
  async update(username: string, change: Partial<Pick<AccountRecord, 'passwordHash' | 'deviceHash' | 'enabled'>>, revoke: boolean, atMs: number): Promise<boolean> {
    const enabled = change.enabled === undefined ? null : flagParam(change.enabled);
    const changed = await this.sql.run(
      `UPDATE accounts SET password_hash = COALESCE(?, password_hash), device_hash = COALESCE(?, device_hash),
         enabled = COALESCE(?, enabled), version = version + ?, ${TOUCH} WHERE username = ?`,
      [change.passwordHash ?? null, change.deviceHash ?? null, enabled, revoke ? 1 : 0, atMs, atMs, username],
    );
    return changed === 1;
  }

  /** The key's own revokedAtMs is not stored: a key is always added unrevoked. */
  async addApiKey(key: ApiKeyRecord, atMs: number): Promise<void> {
    await this.sql.transaction(function* () {
      yield* step.run('INSERT INTO api_keys (id, username, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)', [key.id, key.username, key.secretHash, key.createdAtMs]);
      yield* step.run(TOUCH_ACCOUNT, [atMs, atMs, key.username]);
    });
  }

  async apiKey(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.sql.get<KeyRow>('SELECT * FROM api_keys WHERE id = ?', [id]);
    return row ? keyOf(row) : null;
  }

  async apiKeysOf(username: string): Promise<ApiKeyRecord[]> {
    return (await this.sql.all<KeyRow>('SELECT * FROM api_keys WHERE username = ? ORDER BY created_at', [username])).map(keyOf);
  }

  revokeApiKey(id: string, atMs: number): Promise<boolean> {
    return this.sql.transaction(function* () {
      const revoked = yield* step.get<{ username: string }>('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING username', [atMs, id]);
      if (!revoked) return false;
      // The owner's record changes too, so every node's cache of keys learns of it.
      yield* step.run(TOUCH_ACCOUNT, [atMs, atMs, revoked.username]);
      return true;
    });
  }

  putEnrolmentCodes(codes: readonly EnrolmentCode[]): Promise<void> {
    return this.batches.putEnrolmentCodes(codes);
  }

  redeemEnrolmentCode(username: string, codeHash: string, deviceHash: string, atMs: number): Promise<boolean> {
    return this.sql.transaction(function* () {
      // The delete locks the code's row (PostgreSQL) or the file (SQLite): of two phones redeeming at once, the second finds it gone.
      const taken = yield* step.run('DELETE FROM enrolment_codes WHERE username = ? AND code_hash = ? AND expires_at > ?', [username, codeHash, atMs]);
      if (taken !== 1) return false;
      yield* step.run(`UPDATE accounts SET device_hash = ?, version = version + 1, ${TOUCH} WHERE username = ?`, [deviceHash, atMs, atMs, username]);
      return true;
    });
  }

  /** The token and its family (created, or made to last as long as its latest token) together. */
  async addRefresh(record: RefreshRecord): Promise<void> {
    await this.sql.transaction(function* () {
      yield* step.run(
        `INSERT INTO refresh_families (family_id, username, expires_at) VALUES (?, ?, ?) ON CONFLICT (family_id) DO UPDATE
           SET expires_at = CASE WHEN excluded.expires_at > refresh_families.expires_at THEN excluded.expires_at ELSE refresh_families.expires_at END`,
        [record.familyId, record.username, record.expiresAtMs],
      );
      yield* step.run('INSERT INTO refresh_tokens (token_hash, username, family_id, expires_at) VALUES (?, ?, ?, ?)', [record.tokenHash, record.username, record.familyId, record.expiresAtMs]);
    });
  }

  /**
   * One transaction (IMMEDIATE on SQLite: the nodes of a cluster may share the file). The
   * mark-as-used is one statement on the token's row: of two taking the same token at once, the
   * second waits for the first (its row lock on PostgreSQL, the write lock on SQLite), finds it
   * used and so revokes the family. A family revoked while a token of it is being taken is
   * linearised after the take: the successor that take adds belongs to the revoked family, and is dead.
   */
  takeRefresh(tokenHash: string, atMs: number): Promise<RefreshUse | null> {
    return this.sql.transaction(function* (): SqlWork<RefreshUse | null> {
      const taken = yield* step.get<RefreshRow>(
        `UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
           AND EXISTS (SELECT 1 FROM refresh_families f WHERE f.family_id = refresh_tokens.family_id AND f.revoked_at IS NULL)
           RETURNING token_hash, username, family_id, expires_at`,
        [atMs, tokenHash, atMs],
      );
      if (taken) return { outcome: 'taken', record: refreshOf(taken) };
      const found = yield* step.get<FoundRefresh>(
        `SELECT t.token_hash, t.username, t.family_id, t.expires_at, t.used_at, f.revoked_at, f.family_id IS NOT NULL AS has_family
           FROM refresh_tokens t LEFT JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = ?`,
        [tokenHash],
      );
      if (!found) return null;
      const record = refreshOf(found);
      if (found.used_at === null || found.expires_at <= atMs || found.revoked_at !== null || !found.has_family) return { outcome: 'dead', record };
      yield* step.run(REVOKE_FAMILY, [atMs, found.family_id]);
      return { outcome: 'reused', record };
    });
  }

  async refreshFamilyOf(tokenHash: string): Promise<string | null> {
    return (await this.sql.get<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = ?', [tokenHash]))?.family_id ?? null;
  }

  async revokeRefreshFamily(familyId: string, atMs: number): Promise<boolean> {
    return (await this.sql.run(REVOKE_FAMILY, [atMs, familyId])) === 1;
  }

  async deleteRefreshOf(username: string): Promise<void> {
    await this.sql.transaction(function* () {
      yield* step.run('DELETE FROM refresh_tokens WHERE username = ?', [username]);
      yield* step.run('DELETE FROM refresh_families WHERE username = ?', [username]);
    });
  }

  /** Resolves to how many tokens were deleted. */
  deleteExpiredRefresh(nowMs: number): Promise<number> {
    return this.sql.transaction(function* () {
      const deleted = yield* step.run('DELETE FROM refresh_tokens WHERE expires_at <= ?', [nowMs]);
      yield* step.run('DELETE FROM refresh_families WHERE expires_at <= ?', [nowMs]);
      return deleted;
    });
  }
}
